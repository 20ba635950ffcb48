import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createFileRegistry, equals, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { createTypeRegistry, fromKoinosJson, koinosJsonFromBinary, koinosJsonToBinary, toKoinosJson, type JsonObject, type JsonValue, type KoinosType } from "../../runtime/index.js";
import { generateAndCompile } from "../helpers/generate-compile.js";
import { bytesFor, koilibComparable } from "../helpers/koilib-comparable.js";
import { koilibSerializer } from "../../bench/koilib-serializer.js";
import { buildDescriptorSet } from "../helpers/plugin-run.js";
import { koinosFromProtobufEs } from "../helpers/protobuf-es-oracle.js";
import { publicKoinosProto } from "../helpers/public-tree.js";
import { allMessages, RandomMessages } from "../helpers/random-message.js";

/**
 * The same checks over the public Koinos schemas (the koinos-proto copy in
 * koinos-precompiler-as@1.7.3, or KOINOS_PROTO_DIR): every message converts
 * both ways through its descriptor and through the code ts-proto and this
 * plugin generate, agrees with protobuf-es's protojson, and with koilib
 * where koilib writes as Koinos does.
 */
const tree = publicKoinosProto();
const files = createFileRegistry(buildDescriptorSet(tree));
const registry = createTypeRegistry(...files.files);
const messages = allMessages(files.files).filter((d) => d.file.name.startsWith("koinos/"));
const anyTypes = ["koinos.chain.value_type", "koinos.block_topology", "koinos.protocol.transaction"].flatMap((n) => files.getMessage(n) ?? []);

describe("the public koinos-proto tree", () => {
  it("has its messages, Any-packed types included", () => {
    expect(messages.length).toBeGreaterThan(250);
    expect(anyTypes).toHaveLength(3);
  });

  it.each(messages.map((d) => [d.typeName, d] as const))("%s converts both ways (descriptors)", (_, desc) => {
    const random = new RandomMessages(3, anyTypes);
    for (let i = 0; i < 10; i++) {
      const original = random.message(desc);
      const json = koinosJsonFromBinary(desc, toBinary(desc, original), { registry });
      const back = fromBinary(desc, koinosJsonToBinary(desc, JSON.parse(JSON.stringify(json)) as JsonValue, { registry }));
      expect(equals(desc, back, original, { registry: files, unpackAny: true }), `${desc.typeName} #${i}: ${JSON.stringify(json)}`).toBe(true);
      expect(json).toEqual(koinosFromProtobufEs(files, desc, toJson(desc, original, { useProtoFieldName: true, registry: files })));
    }
  });
});

describe("the public tree, against koilib", () => {
  const protoFiles = readdirSync(join(tree, "koinos"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".proto"))
    .map((f) => `koinos/${f}`);
  const serializer = koilibSerializer(tree, protoFiles);
  const types = messages.filter((d) => koilibComparable(d) && d.fields.length > 0);

  it("covers the messages koilib writes as Koinos does", () => {
    expect(types.map((d) => d.typeName)).toEqual(expect.arrayContaining(["koinos.protocol.block", "koinos.broadcast.block_accepted", "koinos.rpc.chain.get_head_info_response"]));
  });

  it.each(types.map((d) => [d.typeName, d] as const))("%s", async (typeName, desc) => {
    const random = new RandomMessages(5);
    for (let i = 0; i < 5; i++) {
      const bytes = toBinary(desc, random.filled(desc, bytesFor(files, random)));
      const ours = koinosJsonFromBinary(desc, bytes) as JsonObject;
      expect(await serializer.deserialize(bytes, typeName)).toEqual(ours);
      expect(koinosJsonFromBinary(desc, await serializer.serialize(ours, typeName))).toEqual(ours);
    }
  });
});

describe("the public tree, generated with ts-proto and this plugin", { timeout: 180_000 }, () => {
  const dir = join(import.meta.dirname, "../../test-results/public-tree-json");
  const gen = join(dir, "gen");
  let types: [string, KoinosType<unknown>][] = [];

  it("type-checks strictly", () => {
    const tsc = generateAndCompile({
      dir,
      protos: tree,
      messages: "ts_proto",
      messageOptions: ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"],
      ourOptions: ["target=ts", "import_extension=js"],
      resolution: "nodenext",
    });
    expect(tsc).toBe("");
  });

  it("has a <message>Type for every koinos message, each converting both ways", async () => {
    types = [];
    for (const file of readdirSync(gen, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"))) {
      const module = (await import(join(gen, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (name.endsWith("Type") && typeof value === "object" && value !== null && "desc" in value) types.push([name, value as KoinosType<unknown>]);
      }
    }
    expect(types.map(([, t]) => t.typeName).sort()).toEqual(messages.map((d) => d.typeName).sort());
    const typed = createTypeRegistry(...types.map(([, t]) => t));
    for (const [name, type] of types) {
      const random = new RandomMessages(9, anyTypes.map((d) => typed.get(d.typeName)?.desc ?? d));
      for (let i = 0; i < 5; i++) {
        const bytes = toBinary(type.desc, random.message(type.desc));
        const message = type.decode(bytes);
        const json = toKoinosJson(type, message, { registry: typed });
        expect(json, name).toEqual(koinosJsonFromBinary(type.desc, bytes, { registry: typed }));
        expect(fromKoinosJson(type, json, { registry: typed }), name).toEqual(message);
      }
    }
  });
});
