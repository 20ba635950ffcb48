import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { create, type DescMessage } from "@bufbuild/protobuf";
import { beforeAll, expect, it } from "vitest";
import { createTypeRegistry, fromKoinosJson, toKoinosJson, type KoinosType, type ServiceDefinition } from "../../runtime/index.js";

/**
 * With messages=protobuf-es, the service definitions' codecs are
 * protobufEsType(schema): Koinos JSON works on protoc-gen-es's messages and
 * schemas as on ts-proto's.
 */
const root = join(import.meta.dirname, "../..");
const out = join(root, "test-results/json-protobuf-es");
let service: ServiceDefinition;
let schema: DescMessage;

beforeAll(async () => {
  rmSync(out, { recursive: true, force: true });
  const template = {
    version: "v2",
    plugins: [
      { local: join(root, "node_modules/.bin/protoc-gen-es"), out, strategy: "all", opt: ["target=ts", "import_extension=js"] },
      { local: ["node", join(root, "dist/plugin/protoc-gen-koinos-mq.js")], out, strategy: "all", opt: ["target=ts", "import_extension=js", "messages=protobuf-es"] },
    ],
  };
  execFileSync(join(root, "node_modules/.bin/buf"), ["generate", "--template", JSON.stringify(template)], { cwd: root, stdio: "pipe" });
  service = ((await import(join(out, "koinos/rpc/chain/chain_rpc_mq.ts"))) as { ChainService: ServiceDefinition }).ChainService;
  schema = ((await import(join(out, "koinos/rpc/chain/chain_rpc_pb.ts"))) as { get_head_info_responseSchema: DescMessage }).get_head_info_responseSchema;
}, 60_000);

it("a method's codec has the schema as its descriptor and converts protoc-gen-es messages", () => {
  const type = service.methods["getHeadInfo"]?.responseType as KoinosType<unknown>;
  expect(type.desc).toBe(schema);
  const message = create(schema, { headTopology: { id: Uint8Array.of(0xab), height: "42" }, lastIrreversibleBlock: "18446744073709551615" } as never);
  const json = { head_topology: { id: "0xab", height: "42" }, last_irreversible_block: "18446744073709551615" };
  expect(toKoinosJson(type, message)).toEqual(json);
  expect(toKoinosJson(schema, message)).toEqual(json);
  expect(fromKoinosJson(type, json)).toEqual(message);
  expect(createTypeRegistry(service).get("koinos.rpc.chain.get_head_info_response")?.codec).toBe(type);
});
