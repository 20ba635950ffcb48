import { rmSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { base64Decode } from "@bufbuild/protobuf/wire";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { generateAndCompile } from "../helpers/generate-compile.js";
import { compileProtos, fixtures, runPlugin, writeProtoTree } from "../helpers/plugin-run.js";

/**
 * ts-proto mode: every proto file gets its descriptor embedded and a
 * `<message>Type` per message; definitions and event maps refer to them.
 */
const params = "target=ts,import_extension=js";
const out = (files: Map<string, string>, name: string) => {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no ${name}; got ${[...files.keys()].join(", ")}`);
  return text;
};

describe("the fixtures", () => {
  const files = runPlugin(fixtures(), params);
  const common = out(files, "koinos/common_mq.ts");

  it("embed each file's descriptor as protoc-gen-es does, with its imports", () => {
    expect(common).toMatch(/^export const file_koinos_common: GenFile = \/\*@__PURE__\*\/ fileDesc\("[A-Za-z0-9+/]+", \[file_koinos_options\]\);$/m);
    expect(common).toContain('import { file_koinos_options } from "./options_mq.js";');
    expect(common).toContain('import { fileDesc, messageDesc } from "@bufbuild/protobuf/codegenv2";');
    expect(out(files, "koinos/rpc/rpc_mq.ts")).toContain('import { file_google_protobuf_any } from "@bufbuild/protobuf/wkt";');
  });

  it("embed the descriptor without source info but with the field options (the btypes)", () => {
    const base64 = /fileDesc\("([^"]+)"/.exec(common)?.[1] ?? "";
    const proto = fromBinary(FileDescriptorProtoSchema, base64Decode(base64));
    expect(proto.name).toBe("koinos/common.proto");
    expect(proto.sourceCodeInfo).toBeUndefined();
    expect(proto.messageType[0]?.field.map((f) => f.options?.$unknown?.[0]?.no)).toEqual([50000, undefined, 50000]);
  });

  it("give every message a KoinosType named after ts-proto's name", () => {
    expect(common).toContain("export const blockTopologyType: KoinosType<blockTopology> = koinosType(blockTopology, messageDesc(file_koinos_common, 0));");
    expect(common).toContain("@generated from message koinos.block_topology");
    expect(out(files, "koinos/protocol/protocol_mq.ts")).toContain("export const stateDeltaEntryType: KoinosType<stateDeltaEntry> = koinosType(stateDeltaEntry, messageDesc(file_koinos_protocol_protocol, 11));");
  });

  it("refer to them from service definitions and event maps", () => {
    expect(out(files, "koinos/rpc/chain/chain_rpc_mq.ts")).toContain("      responseType: getHeadInfoResponseType,");
    expect(out(files, "koinos/broadcast/broadcast_mq.ts")).toContain("  [KOINOS_BLOCK_ACCEPT_TOPIC]: blockAcceptedType,");
    expect(out(files, "koinos/rpc/services_mq.ts")).toContain('import { ChainService, file_koinos_rpc_chain_chain_rpc } from "./chain/chain_rpc_mq.js";');
  });

  it("leave out the well-known types (@bufbuild/protobuf has their descriptors)", () => {
    expect([...files.keys()].filter((name) => name.startsWith("google/"))).toEqual([]);
  });
});

describe("naming", () => {
  const nested = `syntax = "proto3";
package svc;
import "google/protobuf/empty.proto";
import "koinos/rpc/rpc.proto";
message outer { message inner { map<string, int32> m = 1; } inner i = 1; }
message old_thing { option deprecated = true; }
message svc_request { oneof request { koinos.rpc.reserved_rpc reserved = 1; google.protobuf.Empty ping = 2; } }
message svc_response { oneof response { koinos.rpc.reserved_rpc reserved = 1; koinos.rpc.error_status error = 2; google.protobuf.Empty ping = 3; } }
`;
  const generate = (parameter: string) => out(runPlugin(compileProtos({ "svc/test.proto": nested }), parameter, ["svc/test.proto"]), "svc/test_mq.ts");

  it("nested messages get their path, map entries get nothing", () => {
    const text = generate(params);
    expect(text).toContain("export const outer_innerType: KoinosType<outer_inner> = koinosType(outer_inner, messageDesc(file_svc_test, 0, 0));");
    expect(text).not.toContain("EntryType");
  });

  it("follow ts-proto's naming options", () => {
    expect(generate(`${params},snakeToCamel=false`)).toContain("export const old_thingType: KoinosType<old_thing> =");
    expect(generate(`${params},typePrefix=P,typeSuffix=S`)).toContain("export const PoldThingSType: KoinosType<PoldThingS> =");
  });

  it("carry @deprecated", () => {
    expect(generate(params)).toMatch(/@deprecated\n \*\n \* @generated from message svc\.old_thing\n \*\/\nexport const oldThingType/);
  });

  it("a well-known type as a method's message couples ts-proto's codec with @bufbuild/protobuf's schema", () => {
    const text = generate(params);
    expect(text).toContain("      requestType: koinosType(Empty, EmptySchema),");
    expect(text).toContain('import { EmptySchema, file_google_protobuf_empty } from "@bufbuild/protobuf/wkt";');
  });

  it("follow output_suffix in imports of other files' descriptors and types", () => {
    const files = runPlugin(fixtures(), `${params},output_suffix=.koinos`);
    expect(out(files, "koinos/common.koinos.ts")).toContain('import { file_koinos_options } from "./options.koinos.js";');
  });

  it("two messages with one KoinosType name are an error naming both", () => {
    const clash = `syntax = "proto3";\npackage svc;\nmessage a_b {}\nmessage aB {}\n`;
    expect(() => runPlugin(compileProtos({ "svc/clash.proto": clash }), params, ["svc/clash.proto"])).toThrow(
      "svc/clash.proto: message svc.a_b and message svc.aB would both generate the name aBType",
    );
  });
});

it("the output compiles strictly next to ts-proto's, a well-known type as a method's message included", { timeout: 120_000 }, () => {
  const dir = join(import.meta.dirname, "../../test-results/koinos-types");
  rmSync(dir, { recursive: true, force: true });
  const protos = join(dir, "proto");
  writeProtoTree(protos, {
    "svc/test.proto": `syntax = "proto3";
package svc;
import "google/protobuf/empty.proto";
import "koinos/rpc/rpc.proto";
message outer { message inner { map<string, int32> m = 1; } inner i = 1; }
message svc_request { oneof request { koinos.rpc.reserved_rpc reserved = 1; google.protobuf.Empty ping = 2; } }
message svc_response { oneof response { koinos.rpc.reserved_rpc reserved = 1; koinos.rpc.error_status error = 2; google.protobuf.Empty ping = 3; } }
`,
  });
  const options = ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"];
  expect(generateAndCompile({ dir: join(dir, "out"), protos, messages: "ts_proto", messageOptions: options, ourOptions: ["target=ts", "import_extension=js"], resolution: "nodenext" })).toBe("");
});
