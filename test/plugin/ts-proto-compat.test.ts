import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAndCompile } from "../helpers/generate-compile.js";
import { writeProtoTree } from "../helpers/plugin-run.js";

/**
 * ts-proto (or protoc-gen-es) and this plugin, run side by side by buf under
 * the same option list, must agree on every name and import path: the output of both,
 * compiled together under the strict config, proves it. The protos add
 * naming edge cases to the fixtures: a message named Date, nested, snake,
 * all-caps and cross-package members, a mixed-case file name.
 */
const root = join(import.meta.dirname, "../..");
const work = join(root, "test-results/ts-proto-compat");

const edgeCases = {
  "other/ping.proto": `syntax = "proto3";
package other.pkg;
message ping_request { uint64 n = 1; }
message ping_response { uint64 n = 1; }`,
  "Edge/MixedCase.proto": `syntax = "proto3";
package edge.cases;
import "koinos/rpc/rpc.proto";
import "other/ping.proto";
message Date { int32 day = 1; }
message Function {}
message get_thing_request { string id = 1; }
message get_thing_response { repeated string ids = 1; }
message Outer { message Inner_req { bool flag = 1; } message Inner_res { bool flag = 1; } }
message ALL_CAPS_REQ {}
// The edge service.
message edge_request {
  oneof request {
    koinos.rpc.reserved_rpc reserved = 1;
    Date date = 2;
    Outer.Inner_req nested = 3;
    other.pkg.ping_request cross = 4;
    get_thing_request get_thing = 5;
    ALL_CAPS_REQ SHOUT = 6;
  }
}
message edge_response {
  oneof response {
    koinos.rpc.reserved_rpc reserved = 1;
    koinos.rpc.error_status error = 2;
    Function date = 3;
    Outer.Inner_res nested = 4;
    other.pkg.ping_response cross = 5;
    get_thing_response get_thing = 6;
    Date SHOUT = 7;
  }
}`,
};

interface Combo {
  readonly name: string;
  /** The message generator: ts-proto unless said otherwise. */
  readonly messages?: "protobuf-es";
  /** Options given to both plugins (the way users copy one list). */
  readonly shared: readonly string[];
  /** Options for this plugin only. */
  readonly ours: readonly string[];
  /** How the consumer resolves modules: extensionless imports need a bundler. */
  readonly resolution: "nodenext" | "bundler";
}

const combos: Combo[] = [
  {
    name: "recommended",
    shared: ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"],
    ours: ["import_extension=js"],
    resolution: "nodenext",
  },
  { name: "ts-proto defaults", shared: [], ours: [], resolution: "bundler" },
  {
    name: "renamed types and files",
    shared: ["snakeToCamel=false", "useSnakeTypeName=false", "typePrefix=K", "typeSuffix=Msg", "messagePrefix=M", "fileSuffix=.pb", "importSuffix=.js", "outputServices=none"],
    ours: ["import_extension=js", "output_suffix=.mq"],
    resolution: "nodenext",
  },
  {
    name: "unions, bigint, optionals and readonly types",
    shared: ["oneof=unions", "forceLong=bigint", "useOptionals=all", "useReadonlyTypes=true", "outputServices=none", "importSuffix=.js"],
    ours: ["import_extension=js"],
    resolution: "nodenext",
  },
  {
    name: "protobuf-es messages",
    messages: "protobuf-es",
    shared: ["target=ts", "import_extension=js"],
    ours: ["messages=protobuf-es"],
    resolution: "nodenext",
  },
];

function run(combo: Combo): string {
  const dir = join(work, combo.name.replace(/\W+/g, "-"));
  const protos = join(dir, "proto");
  rmSync(dir, { recursive: true, force: true });
  writeProtoTree(protos, edgeCases);
  return generateAndCompile({
    dir: join(dir, "out"),
    protos,
    messages: combo.messages === "protobuf-es" ? "es" : "ts_proto",
    messageOptions: combo.shared,
    ourOptions: [...new Set(["target=ts", ...combo.shared, ...combo.ours])],
    resolution: combo.resolution,
  });
}

describe("generated code compiles strictly with the message generator's output under the same options", () => {
  it.concurrent.each(combos)("$name", { timeout: 120_000 }, (combo) => {
    expect(run(combo)).toBe("");
  });
});
