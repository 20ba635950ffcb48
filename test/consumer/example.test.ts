import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useVhost } from "../helpers/vhost.js";

/**
 * examples/block-watch is a consumer project of its own (it depends on this
 * package by path, runs buf generate with ts-proto and this plugin, and
 * tests its service against RabbitMQ and on the memory bus): install it from its lockfile and run
 * its tests, as its users would.
 */
const vhost = useVhost(import.meta.filename);
const example = join(import.meta.dirname, "../../examples/block-watch");

function npm(args: string[]) {
  const result = spawnSync("npm", args, { cwd: example, encoding: "utf8", env: { ...process.env, AMQP_URL: vhost.url, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

it("installs, generates, type-checks and passes its own tests", { timeout: 300_000 }, () => {
  const install = npm(["ci", "--no-audit", "--no-fund"]);
  expect(install.status, install.output).toBe(0);
  const test = npm(["test"]);
  expect(test.status, test.output).toBe(0);
  expect(test.output).toMatch(/Tests\s+6 passed/);
});
