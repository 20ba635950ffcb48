import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useVhost } from "../helpers/vhost.js";

/**
 * The README's quickstart, run as written in a new directory: it packs this
 * package, installs the tarball into a new project, generates code with buf,
 * and runs a service that serves, calls, subscribes and publishes. The
 * project it leaves behind then serves the packaging checks.
 */
const vhost = useVhost(import.meta.filename);
const root = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "kmq-quickstart-"));
const project = join(work, "koinos-hello");
const env = { ...process.env, KOINOS_MQ_TS: root, AMQP_URL: vhost.url, NO_COLOR: "1" };
let output = "";

/** The shell blocks between the quickstart markers of README.md. */
function quickstartScript(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.split("<!-- quickstart -->")[1]?.split("<!-- /quickstart -->")[0] ?? "";
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
}

beforeAll(() => {
  writeFileSync(join(work, "quickstart.sh"), quickstartScript());
  const run = spawnSync("bash", ["-e", "quickstart.sh"], { cwd: work, env, encoding: "utf8" });
  output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`the quickstart failed:\n${output}`);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the README quickstart", () => {
  it("serves, calls, subscribes and publishes", () => {
    expect(output).toContain("head at 42");
    expect(output).toContain("irreversible at 41");
  });
});

describe("the packed package", () => {
  it("ships the built plugin and runtime, the options proto and the docs, and no tests, sources or fixtures", () => {
    const files = execFileSync("tar", ["tzf", join(project, "koinos-mq-ts-0.1.0.tgz")], { encoding: "utf8" }).trim().split("\n");
    expect(files).toContain("package/dist/runtime/index.js");
    expect(files).toContain("package/dist/runtime/index.d.ts");
    expect(files).toContain("package/dist/plugin/protoc-gen-koinos-mq.js");
    expect(files).toContain("package/proto/koinos_mq/options.proto");
    expect(files).toContain("package/README.md");
    expect(files).toContain("package/LICENSE");
    expect(files.filter((f) => /^package\/(test|generated|bench|examples|plugin|runtime|proto\/koinos\/)/.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("installs the plugin bin where buf looks for it", () => {
    const version = execFileSync(join(project, "node_modules/.bin/protoc-gen-koinos-mq"), ["--version"], { encoding: "utf8" });
    expect(version.trim()).toBe(`protoc-gen-koinos-mq v${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}`);
  });

  it("imports from plain ESM", () => {
    const out = execFileSync("node", ["--input-type=module", "-e", 'const m = await import("koinos-mq-ts"); console.log(typeof m.connect, typeof m.RpcError)'], { cwd: project, encoding: "utf8" });
    expect(out.trim()).toBe("function function");
  });

  it("type-checks with bundler module resolution as well as nodenext", () => {
    writeFileSync(
      join(project, "tsconfig.bundler.json"),
      JSON.stringify({ compilerOptions: { target: "es2022", module: "preserve", moduleResolution: "bundler", strict: true, skipLibCheck: true, noEmit: true }, include: ["src"] }),
    );
    const tsc = spawnSync(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.bundler.json", "--pretty", "false"], { cwd: project, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
