import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

export interface GenerateOptions {
  /** Where to write `gen/`, the tsconfig and the package.json; emptied first. */
  readonly dir: string;
  /** The buf input: a directory of protos. */
  readonly protos: string;
  /** `ts_proto` or `es`: the message generator run before this plugin. */
  readonly messages: "ts_proto" | "es";
  /** Options of the message generator. */
  readonly messageOptions: readonly string[];
  /** Options of this plugin. */
  readonly ourOptions: readonly string[];
  /** How the consumer resolves modules; extensionless imports need a bundler. */
  readonly resolution: "nodenext" | "bundler";
}

/**
 * Runs `buf generate` with a message generator and this plugin (built in
 * dist/) into `dir/gen`, then `tsc` over it under the repo's strict config.
 * Returns tsc's output: empty when everything type-checks.
 */
export function generateAndCompile(o: GenerateOptions): string {
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  const out = join(o.dir, "gen");
  const template = {
    version: "v2",
    plugins: [
      { local: join(root, `node_modules/.bin/protoc-gen-${o.messages}`), out, strategy: "all", opt: o.messageOptions },
      { local: ["node", join(root, "dist/plugin/protoc-gen-koinos-mq.js")], out, strategy: "all", opt: o.ourOptions },
    ],
  };
  execFileSync(join(root, "node_modules/.bin/buf"), ["generate", o.protos, "--template", JSON.stringify(template)], { cwd: o.dir, stdio: "pipe" });
  const module = o.resolution === "nodenext" ? { module: "nodenext", moduleResolution: "nodenext" } : { module: "preserve", moduleResolution: "bundler" };
  writeFileSync(
    join(o.dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { ...module, noUnusedLocals: false, noUnusedParameters: false, paths: { "koinos-mq-ts": [join(root, "runtime/index.ts")] } },
      include: ["gen"],
    }),
  );
  writeFileSync(join(o.dir, "package.json"), JSON.stringify({ type: "module" }));
  const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", o.dir, "--pretty", "false"], { encoding: "utf8" });
  return tsc.stdout + tsc.stderr;
}
