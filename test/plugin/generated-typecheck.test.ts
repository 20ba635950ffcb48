import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

it("generated/ (ts-proto's messages with this plugin's output) type-checks under the strict config", () => {
  const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.generated.json", "--pretty", "false"], { cwd: root, encoding: "utf8" });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
}, 120_000);
