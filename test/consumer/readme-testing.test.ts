import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";

/**
 * The README's "Testing your service" example, run as written: its test
 * file, with the generated code of a user's project (`../src/gen/`) taken
 * from this repository's `generated/`, in a vitest run of its own, as a
 * user's project would run it.
 */
const root = join(import.meta.dirname, "../..");
const work = join(root, "test-results/readme-testing");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The TypeScript block between the testing markers of README.md. */
function testingExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split("<!-- testing -->")[1]?.split("<!-- /testing -->")[0] ?? "";
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("README.md has no ts block between <!-- testing --> and <!-- /testing -->");
  return block;
}

it("type-checks, runs and passes in memory, with no broker", { timeout: 120_000 }, () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const generated = relative(work, join(root, "generated"));
  writeFileSync(join(work, "chain.test.ts"), testingExample().replaceAll('"../src/gen/', `"${generated}/`));
  writeFileSync(
    join(work, "vitest.config.ts"),
    [
      'import { defineConfig } from "vitest/config";',
      `export default defineConfig({ resolve: { alias: { "koinos-mq-ts": ${JSON.stringify(join(root, "runtime/index.ts"))} } }, test: { include: ["chain.test.ts"] } });`,
    ].join("\n"),
  );
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ extends: relative(work, join(root, "tsconfig.json")), include: ["chain.test.ts"] }));
  const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", join(work, "tsconfig.json"), "--pretty", "false"], { cwd: root, encoding: "utf8" });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
  const run = spawnSync(join(root, "node_modules/.bin/vitest"), ["run", "--root", work, "--config", join(work, "vitest.config.ts"), "--reporter", "verbose"], {
    cwd: root,
    encoding: "utf8",
    // No broker: the example must not need one.
    env: { ...process.env, AMQP_URL: "amqp://127.0.0.1:1", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output).toMatch(/Tests\s+2 passed/);
  expect(output).toContain("answers get_head_info and announces the irreversible block");
  expect(output).toContain("lets its callers recover from a lost connection");
});
