import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcError } from "koinos-mq-ts";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { runCli, startCli } from "../helpers/cli.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * The README's quickstart, run as written in a new directory: it packs this
 * package, installs the tarball into a new project, generates code with buf,
 * and runs a service that serves, calls, subscribes and publishes. The
 * project it leaves behind then serves the packaging checks and the
 * README's command-line session, run with the installed koinos-mq.
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
    expect(files).toContain("package/dist/cli/koinos-mq.js");
    expect(files).toContain("package/proto/koinos_mq/options.proto");
    expect(files).toContain("package/README.md");
    expect(files).toContain("package/LICENSE");
    expect(files.filter((f) => /^package\/(test|generated|bench|examples|plugin|runtime|proto\/koinos\/)/.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("installs the plugin bin where buf looks for it", () => {
    const version = execFileSync(join(project, "node_modules/.bin/protoc-gen-koinos-mq"), ["--version"], { encoding: "utf8" });
    expect(version.trim()).toBe(`protoc-gen-koinos-mq v${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}`);
  });

  it("imports from plain ESM, the JSON-RPC gateway from its own entry point", () => {
    const out = execFileSync("node", ["--input-type=module", "-e", 'const m = await import("koinos-mq-ts"); console.log(typeof m.connect, typeof m.RpcError, typeof m.createMemoryBus, typeof m.createJsonRpcCaller)'], { cwd: project, encoding: "utf8" });
    expect(out.trim()).toBe("function function function function");
    const gateway = execFileSync("node", ["--input-type=module", "-e", 'const g = await import("koinos-mq-ts/jsonrpc"); console.log(typeof g.createJsonRpcGateway)'], { cwd: project, encoding: "utf8" });
    expect(gateway.trim()).toBe("function");
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

/** The commands of the README's command-line session and the output shown after each. */
function cliSession(): { command: string; output: string }[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = /<!-- cli-session -->\n```console\n([\s\S]*?)```\n<!-- \/cli-session -->/.exec(readme)?.[1] ?? "";
  const steps: { command: string; output: string }[] = [];
  for (const line of block.split("\n").slice(0, -1)) {
    if (line.startsWith("$ ")) steps.push({ command: line.substring(2), output: "" });
    else if (steps.length > 0) (steps.at(-1) as { output: string }).output += `${line}\n`;
  }
  return steps;
}

/** Runs shell lines in the project with its bins first on PATH, stdout and stderr together; resolves with the output. */
function shell(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `exec 2>&1\n${script}`], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe("the installed koinos-mq", () => {
  const openBus = busFactory(vhost.url);
  const binEnv = { ...env, PATH: `${join(project, "node_modules/.bin")}${delimiter}${process.env["PATH"] ?? ""}`, KOINOS_MQ_SCHEMA: "" };

  beforeAll(async () => {
    // The chain of the session: the fixture server, whose read_contract knows no contract.
    await (await openBus()).serve(ChainService, {
      ...chainServer,
      readContract: () => {
        throw new RpcError("contract does not exist");
      },
    });
  });

  it("runs the README's command-line session with the output the README shows", async () => {
    const steps = cliSession();
    expect(steps.length).toBeGreaterThan(5);
    const marker = "::koinos-mq-session::";
    const script = steps.map((step, i) => `echo "${marker}${i}"\n${step.command}`).join("\n");
    const { output } = await shell(script, binEnv);
    const outputs = output.split(new RegExp(`^${marker}\\d+\n`, "m")).slice(1);
    expect(outputs.map((o, i) => `$ ${steps[i]?.command}\n${o}`).join("")).toBe(steps.map((s) => `$ ${s.command}\n${s.output}`).join(""));
  });

  it("tails what it publishes", async () => {
    const bin = { command: [join(project, "node_modules/.bin/koinos-mq")], cwd: project, env: { AMQP_URL: vhost.url, KOINOS_MQ_SCHEMA: "proto" } };
    const tail = startCli(["tail", "koinos.block.irreversible", "-c", "1"], bin);
    await tail.until((p) => p.stderr.includes("listening to"), "tail listened");
    const publish = await runCli(["publish", "koinos.block.irreversible", '{"topology":{"height":"41"}}', "--confirm"], bin);
    expect(publish.status).toBe(0);
    const result = await tail.exited;
    expect(result.status).toBe(0);
    expect(JSON.parse(tail.lines[0] ?? "")).toMatchObject({ topic: "koinos.block.irreversible", message: { topology: { height: "41" } } });
  });

  it("says what to install when a .proto directory needs buf and none is found", async () => {
    const installed = join(project, "node_modules/@bufbuild/buf");
    renameSync(installed, `${installed}.away`);
    try {
      const run = await shell("koinos-mq list --schema proto; echo \"exit $?\"", { ...binEnv, PATH: `${join(project, "node_modules/.bin")}${delimiter}${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` });
      expect(run.output).toBe(
        "koinos-mq list: proto holds .proto files, and compiling them needs the buf CLI, which was not found: install it in your project (npm install -D @bufbuild/buf) or put buf on PATH, or pass a descriptor set instead (buf build <dir> -o koinos.binpb, or protoc --include_imports --descriptor_set_out=koinos.pb) (exit 2)\nexit 2\n",
      );
    } finally {
      renameSync(`${installed}.away`, installed);
    }
  });
});
