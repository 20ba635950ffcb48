import { describe, expect, it } from "vitest";
import { getHeadInfoResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { getHeadInfoResponseType, invokeSystemCallRequestType } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { fromKoinosJson, KoinosJsonError, koinosJsonFromBinary, koinosJsonToBinary, type JsonValue } from "../../runtime/index.js";
import { message } from "../helpers/json-fixtures.js";

/**
 * Reading Koinos JSON as koinos-jsonrpc reads it (reference/koinos-json.md):
 * what it accepts, and every refusal, each naming the field.
 */
const head = getHeadInfoResponse.fromPartial({ headTopology: { id: Uint8Array.of(1, 2), height: "42" }, lastIrreversibleBlock: "40" });

describe("accepted", () => {
  it("proto names and lowerCamel names alike", () => {
    const proto = fromKoinosJson(getHeadInfoResponseType, { head_topology: { id: "0x0102", height: "42" }, last_irreversible_block: "40" });
    const camel = fromKoinosJson(getHeadInfoResponseType, { headTopology: { id: "0x0102", height: "42" }, lastIrreversibleBlock: "40" });
    expect(proto).toEqual(head);
    expect(camel).toEqual(head);
  });

  it("a json_name of the schema", () => {
    const desc = message("jsontest.scalars");
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { otherName: 5 }))).toEqual({ renamed: 5 });
  });

  it("unknown keys (ignored), null (unset) and explicit defaults (left out of the bytes)", () => {
    const json = { head_topology: { id: "0x0102", height: "42", previous: null, extra: [1, { x: 2 }] }, last_irreversible_block: "40", head_block_time: "0", head_state_merkle_root: "", unknown: "x" };
    expect(fromKoinosJson(getHeadInfoResponseType, json)).toEqual(head);
    expect(koinosJsonToBinary(getHeadInfoResponseType.desc, json)).toEqual(getHeadInfoResponse.encode(head).finish());
  });

  it("64-bit integers from strings or numbers, 32-bit ones from numbers or numeric strings", () => {
    expect(fromKoinosJson(getHeadInfoResponseType, { last_irreversible_block: 40 }).lastIrreversibleBlock).toBe("40");
    const desc = message("jsontest.scalars");
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { i32: "-5", u32: "1e3", u64: 1e3, i64: "2e0" }))).toEqual({ i32: -5, i64: "2", u32: 1000, u64: "1000" });
  });

  it("the keys of a whole document in any order, written in declaration order", () => {
    const desc = message("jsontest.scalars");
    const json = koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { c: "RED", s: "x", i32: 1, b: true }));
    expect(Object.keys(json as object)).toEqual(["i32", "b", "s", "c"]);
  });

  it("a oneof member next to null members of the same oneof", () => {
    expect(fromKoinosJson(invokeSystemCallRequestType, { id: null, name: "koin" }).name).toBe("koin");
  });
});

const scalars = "jsontest.scalars";
const btypes = "jsontest.btypes";
const refusals: [string, string, JsonValue, string][] = [
  ["hex without 0x", btypes, { block_id: "1220ab" }, "block_id: hex without 0x"],
  ["hex with 0X", btypes, { hex: "0Xab" }, "hex: hex without 0x"],
  ["hex of odd length", btypes, { transaction_id: "0xabc" }, "transaction_id: hex of odd length"],
  ["a bad hex digit", btypes, { hex: "0xzz" }, 'hex: invalid hex digit "z"'],
  ["unpadded base64", btypes, { b64: "AQ" }, "b64: base64 without padding"],
  ["unpadded base64 (no btype)", btypes, { plain: "-_8" }, "plain: base64 without padding"],
  ["standard base64 (+)", btypes, { plain: "+/8=" }, "plain: base64 with + or / (Koinos JSON uses the URL-safe alphabet - and _)"],
  ["standard base64 (/)", btypes, { plain: "_/8=" }, "plain: base64 with + or /"],
  ["misplaced base64 padding", btypes, { plain: "A=AA" }, "plain: base64 with misplaced padding"],
  ["invalid base58", btypes, { address: "1O0Il" }, 'address: invalid base58 character "O"'],
  ["invalid base58 in a list", btypes, { addresses: ["1", "0"] }, 'addresses[1]: invalid base58 character "0"'],
  ["uint64 above 2^64-1", scalars, { u64: "18446744073709551616" }, "u64: 18446744073709551616 is out of range for uint64"],
  ["negative uint64", scalars, { u64: "-1" }, "u64: -1 is out of range for uint64"],
  ["int64 below -2^63", scalars, { i64: "-9223372036854775809" }, "i64: -9223372036854775809 is out of range for int64"],
  ["int64 at 2^63", scalars, { sf64: "9223372036854775808" }, "sf64: 9223372036854775808 is out of range for int64"],
  ["uint64 of 21 digits", scalars, { f64: "100000000000000000000" }, "f64: 100000000000000000000 is out of range for uint64"],
  ["uint64 as a number above 2^64", scalars, { u64: 2e19 }, "u64: 20000000000000000000 is out of range for uint64"],
  ["int32 above 2^31-1", scalars, { i32: 2147483648 }, "i32: 2147483648 is out of range for int32"],
  ["negative uint32", scalars, { u32: -1 }, "u32: -1 is out of range for uint32"],
  ["a fractional number", scalars, { i32: 1.5 }, "i32: not an integer: 1.5"],
  ["a fractional string", scalars, { u64: "1.5" }, 'u64: not an integer: "1.5"'],
  ["an integer with spaces", scalars, { u64: " 1" }, 'u64: not an integer: " 1"'],
  ["a hex integer", scalars, { i64: "0x10" }, 'i64: not an integer: "0x10"'],
  ["a float beyond float range", scalars, { fl: 1e39 }, "fl: 1e+39 is out of range for float"],
  ["a number string beyond double range", scalars, { db: "1e400" }, "db: 1e400 is out of range for double"],
  ["an unknown enum name", scalars, { c: "BLUE" }, 'c: unknown value "BLUE" of enum jsontest.color'],
  ["an enum number as a string", scalars, { c: "1" }, 'c: unknown value "1" of enum jsontest.color'],
  ["two members of one oneof", "jsontest.presence", { c_i32: 1, c_s: "x" }, "c_s: oneof choice has two members set: c_i32 and c_s"],
  ["a string for a bool", scalars, { b: "true" }, "b: expected true or false, got a string"],
  ["a number for a string", scalars, { s: 1 }, "s: expected a string, got a number"],
  ["a lone surrogate in a string", scalars, JSON.parse('{"s":"a\\ud800b"}') as JsonValue, "s: a string with a lone UTF-16 surrogate"],
  ["a number for bytes", btypes, { plain: 1 }, "plain: expected a string, got a number"],
  ["a bool for an integer", scalars, { i32: true }, "i32: expected an integer (a number or a string), got a boolean"],
  ["an object for a number", scalars, { db: {} }, "db: expected a number, got an object"],
  ["an object for a list", "jsontest.lists", { i32: { a: 1 } }, "i32: expected an array, got an object"],
  ["null in a list", "jsontest.lists", { s: ["a", null] }, "s[1]: null in a list"],
  ["an array for a message", "jsontest.outer", { in: [] }, "in: expected an object for jsontest.outer.inner, got an array"],
  ["a string for a message", "jsontest.outer", { ins: [{}, "x"] }, "ins[1]: expected an object for jsontest.outer.inner, got a string"],
  ["an array for a map", "jsontest.maps", { by_name: [] }, "by_name: expected an object (a map), got an array"],
  ["a bad map key", "jsontest.maps", { by_i64: { x: "" } }, 'by_i64["x"]: invalid map key "x"'],
  ["a map key out of range", "jsontest.maps", { by_u32: { "-1": {} } }, 'by_u32["-1"]: invalid map key "-1"'],
  ["a bad map value", "jsontest.maps", { by_name: { a: "x" } }, 'by_name["a"]: not an integer: "x"'],
  ["a non-object document", scalars, [], "expected an object for jsontest.scalars, got an array"],
  ["a deep error's whole path", "jsontest.outer", { ins: [{}, { id: "ab" }] }, "ins[1].id: hex without 0x"],
  ["a bad timestamp", "jsontest.well_known", { ts: "2024-02-30T00:00:00Z" }, 'ts: invalid google.protobuf.Timestamp "2024-02-30T00:00:00Z"'],
  ["a timestamp with 10 fraction digits", "jsontest.well_known", { ts: "2024-01-01T00:00:00.0000000001Z" }, "ts: invalid google.protobuf.Timestamp"],
  ["a bad duration", "jsontest.well_known", { dur: "1h" }, 'dur: invalid google.protobuf.Duration "1h"'],
  ["an Any's @type that is not a string", "jsontest.well_known", { any: { "@type": 1 } }, "any: @type must be a string, got a number"],
  ["a missing required field (proto2)", "jsontest.legacy.old", { count: 1 }, "required field name is not set"],
];

describe("refused, with an error naming the field", () => {
  it.each(refusals)("%s", (_, type, json, error) => {
    let caught: unknown;
    try {
      koinosJsonToBinary(message(type), json);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KoinosJsonError);
    expect((caught as KoinosJsonError).code).toBe("INVALID_ARGUMENT");
    expect((caught as KoinosJsonError).message).toContain(error);
  });

  it("gives the path and the reason apart", () => {
    const error = (() => {
      try {
        fromKoinosJson(getHeadInfoResponseType, { head_topology: { previous: "1220" } });
      } catch (e) {
        return e as KoinosJsonError;
      }
      throw new Error("not refused");
    })();
    expect([error.message, error.path, error.reason]).toEqual(["head_topology.previous: hex without 0x", "head_topology.previous", "hex without 0x"]);
  });

  it("a name given twice, as the proto name and as the JSON name", () => {
    expect(() => fromKoinosJson(getHeadInfoResponseType, { head_topology: {}, headTopology: {} })).toThrow("head_topology: set twice, as head_topology and headTopology");
  });

  it("nesting deeper than maxDepth", () => {
    let json: JsonValue = {};
    for (let i = 0; i < 150; i++) json = { parent: json };
    expect(() => koinosJsonToBinary(message("jsontest.tree"), json)).toThrow("messages nested deeper than 100");
    const bytes = koinosJsonToBinary(message("jsontest.tree"), json, { maxDepth: 200 });
    expect(() => koinosJsonFromBinary(message("jsontest.tree"), bytes)).toThrow("messages nested deeper than 100");
    expect(koinosJsonFromBinary(message("jsontest.tree"), bytes, { maxDepth: 200 })).toEqual(json);
  });
});

describe("names that are properties of every JS object", () => {
  it("read only the object's own keys", () => {
    const desc = message("jsontest.props");
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, {}))).toEqual({});
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { constructor: "c", toString: 2 }))).toEqual({ constructor: "c", to_string: 2 });
  });

  it("write __proto__ (a field name, a map key) as a key, not as the object's prototype", () => {
    const desc = message("jsontest.props");
    const json = JSON.parse('{"constructor":"c","to_string":2,"__proto__":3,"m":{"__proto__":4,"a":5}}') as JsonValue;
    const back = koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json)) as Record<string, unknown>;
    expect(JSON.stringify(back)).toBe('{"constructor":"c","to_string":2,"__proto__":3,"m":{"__proto__":4,"a":5}}');
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });
});
