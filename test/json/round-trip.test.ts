import { equals, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { createTypeRegistry, koinosJsonFromBinary, koinosJsonToBinary, type JsonValue } from "../../runtime/index.js";
import { jsonRegistry, message } from "../helpers/json-fixtures.js";
import { koinosFromProtobufEs } from "../helpers/protobuf-es-oracle.js";
import { allMessages, RandomMessages } from "../helpers/random-message.js";

/**
 * Binary -> Koinos JSON -> (text) -> binary over random messages of every
 * message of the fixtures and the JSON test protos (well-known types
 * included): the decoded result equals the original message. And the JSON
 * agrees with protobuf-es's protojson writer (same protojson rules) once
 * its bytes are re-encoded as their btype says and its floats written as
 * the shortest decimal, as Koinos does.
 */
const files = jsonRegistry();
const registry = createTypeRegistry(...files.files);
const anyTypes = ["jsontest.scalars", "jsontest.btypes", "koinos.chain.error_details", "google.protobuf.Timestamp", "google.protobuf.Value", "google.protobuf.Int64Value"].map(message);
const descs = allMessages(files.files);
const options = { registry };

describe("binary -> Koinos JSON -> binary", () => {
  it("covers the messages of every fixture file and well-known type", () => {
    expect(descs.length).toBeGreaterThan(100);
    for (const name of ["koinos.broadcast.block_accepted", "jsontest.maps", "jsontest.legacy.old", "google.protobuf.Struct", "google.protobuf.FileDescriptorProto"]) {
      expect(descs.map((d) => d.typeName)).toContain(name);
    }
  });

  it.each(descs.map((d) => [d.typeName, d] as const))("%s", (_, desc) => {
    const random = new RandomMessages(hash(desc.typeName), anyTypes);
    for (let i = 0; i < 25; i++) {
      const original = random.message(desc);
      const bytes = toBinary(desc, original);
      const json = koinosJsonFromBinary(desc, bytes, options);
      const text = JSON.parse(JSON.stringify(json)) as JsonValue;
      const back = fromBinary(desc, koinosJsonToBinary(desc, text, options));
      if (!equals(desc, back, original, { registry: files, unpackAny: true })) {
        expect.fail(`${desc.typeName} #${i}: ${JSON.stringify(json)} came back as ${JSON.stringify(toJson(desc, back, { registry: files }))}`);
      }
      // (protobuf-es's toJson assigns a field named __proto__ as the object's prototype: no oracle for jsontest.props.)
      if (desc.typeName !== "jsontest.props") {
        expect(json, `${desc.typeName} #${i}`).toEqual(koinosFromProtobufEs(files, desc, toJson(desc, original, { useProtoFieldName: true, registry: files })));
      }
    }
  });
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
