import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/plugin/protoc-gen-koinos-mq.js");
const buf = join(root, "node_modules/.bin/buf");
const out = mkdtempSync(join(tmpdir(), "kmq-gen-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs `buf generate` over proto/ with this plugin only and the given options. */
function generate(opts: string[]) {
  const template = { version: "v2", plugins: [{ local: ["node", bin], out, strategy: "all", opt: opts }] };
  return spawnSync(buf, ["generate", "--template", JSON.stringify(template)], { cwd: root, encoding: "utf8" });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).substring(dir.length + 1));
}

describe("protoc-gen-koinos-mq bin", () => {
  it("answers --version with the package version", () => {
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    expect(execFileSync("node", [bin, "--version"], { encoding: "utf8" }).trim()).toBe(`protoc-gen-koinos-mq v${version}`);
  });

  it("writes service files when buf runs it over proto/", () => {
    const result = generate(["target=ts", "import_extension=js"]);
    expect(result.status, result.stderr).toBe(0);
    const files = listFiles(out);
    expect(files).toContain("koinos/rpc/chain/chain_rpc_mq.ts");
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it("fails buf generate on an unknown option and names it", () => {
    const result = generate(["target=ts", "no_such_option=1"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("no_such_option");
  });
});
