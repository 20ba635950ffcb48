import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "../../..");

/** A synthetic tree: `files` packages, each with one envelope service of 4 methods and 3 events. */
function syntheticTree(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), "kmq-bench-proto-"));
  cpSync(join(root, "proto/koinos/rpc/rpc.proto"), join(dir, "koinos/rpc/rpc.proto"), { recursive: true });
  cpSync(join(root, "proto/koinos_mq/options.proto"), join(dir, "koinos_mq/options.proto"), { recursive: true });
  for (let f = 0; f < files; f++) {
    const methods = ["get_item", "put_item", "list_items", "remove_item"];
    const lines = [`syntax = "proto3";`, `package gen.s${f};`, `import "koinos/rpc/rpc.proto";`, `import "koinos_mq/options.proto";`];
    lines.push(`message item { bytes id = 1; uint64 height = 2 [jstype = JS_STRING]; repeated string tags = 3; optional bytes owner = 4; }`);
    for (const m of methods) {
      lines.push(`message ${m}_request { bytes id = 1; uint32 limit = 2; optional uint64 before = 3; }`);
      lines.push(`message ${m}_response { repeated item items = 1; bool more = 2; }`);
    }
    lines.push(`message s${f}_request { oneof request { koinos.rpc.reserved_rpc reserved = 1; ${methods.map((m, i) => `${m}_request ${m} = ${i + 2};`).join(" ")} } }`);
    lines.push(`message s${f}_response { oneof response { koinos.rpc.reserved_rpc reserved = 1; koinos.rpc.error_status error = 2; ${methods.map((m, i) => `${m}_response ${m} = ${i + 3};`).join(" ")} } }`);
    lines.push(`message added { option (koinos_mq.topic) = "gen.s${f}.added"; item item = 1; }`);
    lines.push(`message removed { option (koinos_mq.topic) = "gen.s${f}.removed"; bytes id = 1; }`);
    lines.push(`message owned { option (koinos_mq.topic) = "gen.s${f}.owner.{owner}"; item item = 1; }`);
    mkdirSync(join(dir, "gen"), { recursive: true });
    writeFileSync(join(dir, `gen/s${f}.proto`), lines.join("\n"));
  }
  return dir;
}

export interface GeneratorFigures {
  readonly files: number;
  readonly tsProtoMs: number;
  readonly oursMs: number;
  readonly bothMs: number;
}

/** `buf generate` over the synthetic tree with ts-proto alone, this plugin alone, and both; the median of `runs` each. */
export function generatorBench(files: number, runs: number): GeneratorFigures {
  const protos = syntheticTree(files);
  const tsProto = { local: join(root, "node_modules/.bin/protoc-gen-ts_proto"), strategy: "all", opt: ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"] };
  const ours = { local: ["node", join(root, "dist/plugin/protoc-gen-koinos-mq.js")], strategy: "all", opt: ["target=ts", "import_extension=js"] };
  const time = (plugins: object[]) => {
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const out = mkdtempSync(join(tmpdir(), "kmq-bench-gen-"));
      const template = { version: "v2", plugins: plugins.map((p) => ({ ...p, out })) };
      const started = performance.now();
      execFileSync(join(root, "node_modules/.bin/buf"), ["generate", protos, "--template", JSON.stringify(template)], { stdio: "ignore" });
      samples.push(performance.now() - started);
      rmSync(out, { recursive: true, force: true });
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;
  };
  try {
    return { files, tsProtoMs: time([tsProto]), oursMs: time([ours]), bothMs: time([tsProto, ours]) };
  } finally {
    rmSync(protos, { recursive: true, force: true });
  }
}
