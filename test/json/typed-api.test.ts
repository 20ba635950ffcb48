import { readdirSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { FieldDescriptorProtoSchema, FieldDescriptorProto_Type, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { blockAccepted } from "../../generated/koinos/broadcast/broadcast.js";
import { blockAcceptedType, KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import {
  createTypeRegistry,
  fromKoinosJson,
  isRetryable,
  KoinosJsonError,
  koinosJsonFromBinary,
  protobufEsType,
  toKoinosJson,
  type JsonObject,
  type KoinosType,
} from "../../runtime/index.js";
import { jsonRegistry } from "../helpers/json-fixtures.js";
import { RandomMessages } from "../helpers/random-message.js";

/**
 * The typed API over the committed generated code: every `<message>Type`
 * converts random messages both ways, exactly as the bytes-level codec
 * does; service definitions and event maps lead to their types' codecs.
 */
const generated = join(import.meta.dirname, "../../generated");
const modules = readdirSync(generated, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"));
const types: [string, KoinosType<unknown>][] = [];
for (const file of modules) {
  const module = (await import(join(generated, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) {
    if (name.endsWith("Type") && typeof value === "object" && value !== null && "desc" in value) types.push([name, value as KoinosType<unknown>]);
  }
}
const registry = createTypeRegistry(...types.map(([, t]) => t));
const anyTypes = [registry.get("koinos.chain.error_details"), registry.get("koinos.block_topology")].map((t) => t?.desc).filter((d) => d !== undefined);

describe("every generated <message>Type", () => {
  it("exists for every message of the fixtures", () => {
    expect(types.map(([name]) => name)).toEqual(expect.arrayContaining(["blockAcceptedType", "getHeadInfoResponseType", "blockTopologyType", "errorStatusType", "stateDeltaEntryType"]));
    expect(types).toHaveLength(new Set(types.map(([, t]) => t.typeName)).size);
    expect(types.length).toBeGreaterThan(60);
  });

  it.each(types)("%s converts ts-proto messages both ways", (_, type) => {
    const random = new RandomMessages(7, anyTypes);
    for (let i = 0; i < 20; i++) {
      const bytes = toBinary(type.desc, random.message(type.desc));
      const message = type.decode(bytes);
      const json = toKoinosJson(type, message, { registry });
      expect(json).toEqual(koinosJsonFromBinary(type.desc, bytes, { registry }));
      expect(fromKoinosJson(type, JSON.parse(JSON.stringify(json)) as JsonObject, { registry })).toEqual(message);
    }
  });
});

describe("from definitions to codecs", () => {
  it("a service definition's methods carry their types' descriptors", () => {
    expect(ChainService.methods.getHeadInfo.responseType.desc.typeName).toBe("koinos.rpc.chain.get_head_info_response");
    expect(ChainService.methods.getHeadInfo.requestType.typeName).toBe("koinos.rpc.chain.get_head_info_request");
    expectTypeOf(ChainService.methods.getHeadInfo.responseType).toExtend<KoinosType<unknown>>();
  });

  it("an event map's topics lead to their types, for an event's message", () => {
    const type = KoinosEvents["koinos.block.accept"];
    expect(type).toBe(blockAcceptedType);
    const message = type.fromPartial({ live: true } as never);
    expect(toKoinosJson(type, message)).toEqual({ live: true });
  });

  it("types what it returns precisely", () => {
    expectTypeOf(toKoinosJson(blockAcceptedType, blockAcceptedType.fromPartial({} as never))).toEqualTypeOf<JsonObject>();
    expectTypeOf(fromKoinosJson(blockAcceptedType, {})).toEqualTypeOf<blockAccepted>();
    expectTypeOf(fromKoinosJson(FieldDescriptorProtoSchema, {}).number).toEqualTypeOf<number>();
  });
});

describe("protobuf-es messages", () => {
  it("convert through their schema, or protobufEsType(schema)", () => {
    const field = create(FieldDescriptorProtoSchema, { name: "id", number: 1, type: FieldDescriptorProto_Type.BYTES, jsonName: "id" });
    const json = { name: "id", number: 1, type: "TYPE_BYTES", json_name: "id" };
    expect(toKoinosJson(FieldDescriptorProtoSchema, field)).toEqual(json);
    expect(toKoinosJson(protobufEsType(FieldDescriptorProtoSchema), field)).toEqual(json);
    expect(fromKoinosJson(FieldDescriptorProtoSchema, json)).toEqual(field);
  });

  it("with btypes from a runtime-loaded descriptor", () => {
    const desc = jsonRegistry().getMessage("jsontest.btypes");
    if (desc === undefined) throw new Error("no jsontest.btypes");
    const message = create(desc, { address: Uint8Array.of(0, 1) } as never);
    expect(toKoinosJson(desc, message)).toEqual({ address: "12" });
  });

  it("refuse toKoinosJson for a well-known type whose JSON is not an object, pointing to koinosJsonFromBinary", () => {
    const ts = create(TimestampSchema, { seconds: 1n });
    expect(() => toKoinosJson(TimestampSchema, ts)).toThrow("google.protobuf.Timestamp is not an object in Koinos JSON: use koinosJsonFromBinary");
    expect(koinosJsonFromBinary(TimestampSchema, toBinary(TimestampSchema, ts))).toBe("1970-01-01T00:00:01Z");
  });
});

describe("errors", () => {
  it("are KoinosJsonError, an InvalidArgumentError, not retryable", () => {
    const error = (() => {
      try {
        fromKoinosJson(blockAcceptedType, { live: "yes" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KoinosJsonError);
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", path: "live", name: "KoinosJsonError" });
    expect(isRetryable(error)).toBe(false);
  });
});
