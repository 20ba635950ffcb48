import { utils as koilib } from "koilib";
import { describe, expect, it } from "vitest";
import { blockAccepted, eventParcel } from "../../generated/koinos/broadcast/broadcast.js";
import { blockAcceptedType, eventParcelType } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { callerData, privilege } from "../../generated/koinos/chain/chain.js";
import { callerDataType } from "../../generated/koinos/chain/chain_mq.js";
import { errorDetailsType } from "../../generated/koinos/chain/error_mq.js";
import { getChainIdResponse, getHeadInfoResponse, invokeSystemCallRequest, readContractRequest, readContractResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import {
  getChainIdResponseType,
  getHeadInfoResponseType,
  invokeSystemCallRequestType,
  readContractRequestType,
  readContractResponseType,
} from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { errorStatus } from "../../generated/koinos/rpc/rpc.js";
import { errorStatusType } from "../../generated/koinos/rpc/rpc_mq.js";
import { createTypeRegistry, fromKoinosJson, koinosJsonFromBinary, koinosJsonToBinary, toKoinosJson } from "../../runtime/index.js";
import { message } from "../helpers/json-fixtures.js";

/**
 * Koinos JSON written from the rules of reference/koinos-json.md (and the
 * observed koinos-jsonrpc answers there), over the generated fixture types
 * and the JSON test protos: exact text, so key order counts too.
 */
const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const repeat = (byte: string, n: number) => hex(byte.repeat(n));
const text = (value: unknown) => JSON.stringify(value);

/** The address of the reference, and the bytes koilib's base58 decoder makes of it. */
const ADDRESS = "15DJN4a8SgrbGhhGksSBASiSYjGnMU8dGL";
const addressBytes = koilib.decodeBase58(ADDRESS);
const CONTRACT = "1NvZvWNqDX7t93inmLBvbv6kxhpEZYRFWK";
const contractBytes = koilib.decodeBase58(CONTRACT);

describe("the reference's examples", () => {
  it("get_head_info_response, as koinos-jsonrpc answered it", () => {
    const message = getHeadInfoResponse.fromPartial({
      headTopology: { id: hex(`1220${"ab".repeat(32)}`), height: "42", previous: hex(`1220${"01".repeat(32)}`) },
      lastIrreversibleBlock: "18446744073709551000",
      headStateMerkleRoot: hex("0102"),
      headBlockTime: "1700000000123",
    });
    expect(text(toKoinosJson(getHeadInfoResponseType, message))).toBe(
      `{"head_topology":{"id":"0x1220${"ab".repeat(32)}","height":"42","previous":"0x1220${"01".repeat(32)}"},"last_irreversible_block":"18446744073709551000","head_state_merkle_root":"AQI=","head_block_time":"1700000000123"}`,
    );
  });

  it("a chain id in URL-safe base64 with padding", () => {
    const message = getChainIdResponse.fromPartial({ chainId: hex(`1220${"cd".repeat(32)}`) });
    expect(text(toKoinosJson(getChainIdResponseType, message))).toBe('{"chain_id":"EiDNzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3NzQ=="}');
  });

  it.each([
    ["fbff", "-_8="],
    ["fffb", "__s="],
    ["", undefined],
    ["00", "AA=="],
    ["0000", "AAA="],
    ["000000", "AAAA"],
  ])("bytes %s without a btype as %s", (bytes, json) => {
    expect(toKoinosJson(readContractResponseType, readContractResponse.fromPartial({ result: hex(bytes) }))["result"]).toBe(json);
  });

  it("an address in base58, as the reference writes it", () => {
    const json = toKoinosJson(readContractRequestType, readContractRequest.fromPartial({ contractId: addressBytes, entryPoint: 0x2e4ad1cc }));
    expect(text(json)).toBe(`{"contract_id":"${ADDRESS}","entry_point":776655308}`);
  });
});

describe("a block_accepted event", () => {
  const id = (n: string) => hex(`1220${n.repeat(32)}`);
  const event = blockAccepted.fromPartial({
    block: {
      id: id("11"),
      header: {
        previous: id("22"),
        height: "9007199254740993",
        timestamp: "1700000000000",
        previousStateMerkleRoot: hex("fbff"),
        transactionMerkleRoot: repeat("00", 3),
        signer: addressBytes,
        approvedProposals: [id("33"), id("44")],
      },
      transactions: [
        {
          id: id("55"),
          header: { chainId: hex("0102"), rcLimit: "100000000", nonce: hex("2801"), operationMerkleRoot: hex("ff"), payer: addressBytes },
          operations: [{ callContract: { contractId: contractBytes, entryPoint: 670398154, args: hex("0a0b") } }, { setSystemContract: { contractId: contractBytes, systemContract: false } }],
          signatures: [hex("fbff"), hex("")],
        },
      ],
      signature: hex("ffff"),
    },
    receipt: {
      id: id("11"),
      height: "18446744073709551615",
      events: [{ sequence: 0, source: contractBytes, name: "koinos.contracts.token.transfer_event", data: hex("0a"), impacted: [addressBytes, contractBytes] }],
      transactionReceipts: [{ id: id("55"), payer: addressBytes, rcUsed: "0", reverted: true, logs: ["out of rc", ""] }],
      stateDeltaEntries: [{ objectSpace: {}, key: hex("00"), value: hex("") }, { objectSpace: { system: true, zone: contractBytes, id: 1 }, key: hex("01") }],
    },
    live: true,
    head: false,
  });

  it("writes proto names in declaration order, defaults left out, 64-bit as strings, bytes per btype", () => {
    const expected = {
      block: {
        id: `0x1220${"11".repeat(32)}`,
        header: {
          previous: `0x1220${"22".repeat(32)}`,
          height: "9007199254740993",
          timestamp: "1700000000000",
          previous_state_merkle_root: "-_8=",
          transaction_merkle_root: "AAAA",
          signer: ADDRESS,
          approved_proposals: [`0x1220${"33".repeat(32)}`, `0x1220${"44".repeat(32)}`],
        },
        transactions: [
          {
            id: `0x1220${"55".repeat(32)}`,
            header: { chain_id: "AQI=", rc_limit: "100000000", nonce: "KAE=", operation_merkle_root: "_w==", payer: ADDRESS },
            operations: [{ call_contract: { contract_id: CONTRACT, entry_point: 670398154, args: "Cgs=" } }, { set_system_contract: { contract_id: CONTRACT } }],
            signatures: ["-_8=", ""],
          },
        ],
        signature: "__8=",
      },
      receipt: {
        id: `0x1220${"11".repeat(32)}`,
        height: "18446744073709551615",
        events: [{ source: CONTRACT, name: "koinos.contracts.token.transfer_event", data: "Cg==", impacted: [ADDRESS, CONTRACT] }],
        transaction_receipts: [{ id: `0x1220${"55".repeat(32)}`, payer: ADDRESS, reverted: true, logs: ["out of rc", ""] }],
        state_delta_entries: [
          { object_space: {}, key: "AA==", value: "" },
          { object_space: { system: true, zone: "APB8K3ZZKUrp1ZZxPRKTx39mJzl2nn-cDA==", id: 1 }, key: "AQ==" },
        ],
      },
      live: true,
    };
    const json = toKoinosJson(blockAcceptedType, event);
    expect(text(json)).toBe(text(expected));
    expect(fromKoinosJson(blockAcceptedType, json)).toEqual(event);
  });

  it("reads back to the same bytes ts-proto writes (canonical: declaration order, no defaults)", () => {
    const json = toKoinosJson(blockAcceptedType, event);
    expect(Buffer.from(koinosJsonToBinary(blockAcceptedType.desc, json))).toEqual(Buffer.from(blockAccepted.encode(event).finish()));
  });
});

describe("presence", () => {
  it("writes a oneof member at zero", () => {
    expect(text(toKoinosJson(invokeSystemCallRequestType, invokeSystemCallRequest.fromPartial({ id: "0" })))).toBe('{"id":"0"}');
    expect(text(toKoinosJson(invokeSystemCallRequestType, invokeSystemCallRequest.fromPartial({ name: "" })))).toBe('{"name":""}');
  });

  it("writes an optional field at zero, and leaves it out when unset", () => {
    expect(text(toKoinosJson(eventParcelType, eventParcel.fromPartial({ transactionId: hex("") })))).toBe('{"transaction_id":"0x"}');
    expect(text(toKoinosJson(eventParcelType, eventParcel.fromPartial({})))).toBe("{}");
    expect(text(toKoinosJson(invokeSystemCallRequestType, invokeSystemCallRequest.fromPartial({ callerData: {} })))).toBe('{"caller_data":{}}');
  });

  it("writes every kind of optional scalar and oneof member at zero (descriptor API)", () => {
    const desc = message("jsontest.presence");
    const json = { c_addr: "", o_d: 0, o_c: "COLOR_UNSPECIFIED", o_hex: "0x", o_s: "", o_b: false, o_u64: "0", o_i32: 0 };
    expect(text(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json)))).toBe('{"o_i32":0,"o_u64":"0","o_b":false,"o_s":"","o_hex":"0x","o_c":"COLOR_UNSPECIFIED","o_d":0,"c_addr":""}');
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { c_msg: {} }))).toEqual({ c_msg: {} });
  });

  it("writes a set but empty sub-message as {}", () => {
    expect(text(toKoinosJson(getHeadInfoResponseType, getHeadInfoResponse.fromPartial({ headTopology: {} })))).toBe('{"head_topology":{}}');
    expect(text(toKoinosJson(blockAcceptedType, blockAccepted.fromPartial({ block: { header: {} } })))).toBe('{"block":{"header":{}}}');
  });
});

describe("enums", () => {
  it("are written by name, a number only for a value the schema does not know", () => {
    expect(toKoinosJson(callerDataType, callerData.fromPartial({ callerPrivilege: privilege.user_mode }))).toEqual({ caller_privilege: "user_mode" });
    expect(toKoinosJson(callerDataType, callerData.fromPartial({ callerPrivilege: privilege.kernel_mode }))).toEqual({});
    expect(toKoinosJson(callerDataType, callerData.fromPartial({ callerPrivilege: 7 as privilege }))).toEqual({ caller_privilege: 7 });
  });

  it("are read from names or numbers", () => {
    expect(fromKoinosJson(callerDataType, { caller_privilege: "user_mode" }).callerPrivilege).toBe(privilege.user_mode);
    expect(fromKoinosJson(callerDataType, { caller_privilege: 1 }).callerPrivilege).toBe(privilege.user_mode);
    expect(fromKoinosJson(callerDataType, { caller_privilege: 9 }).callerPrivilege).toBe(9);
  });
});

describe("64-bit integers", () => {
  const desc = message("jsontest.scalars");
  it.each([
    ["i64", "9223372036854775807"],
    ["i64", "-9223372036854775808"],
    ["u64", "18446744073709551615"],
    ["u64", "9007199254740993"],
    ["s64", "-9223372036854775808"],
    ["s64", "9223372036854775807"],
    ["s64", "-1"],
    ["f64", "18446744073709551615"],
    ["sf64", "-9223372036854775808"],
    ["sf64", "-4294967296"],
    ["i64", "-4294967297"],
  ])("%s = %s is a string, exact", (field, value) => {
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { [field]: value }))).toEqual({ [field]: value });
  });

  it("are read from numbers too (exact up to 2^53), and from integral forms Go normalises", () => {
    for (const [input, written] of [
      [42, "42"],
      [-42, "-42"],
      [9007199254740991, "9007199254740991"],
      ["1e2", "100"],
      ["1.0", "1"],
      ["-1.50e1", "-15"],
      ["150e-1", "15"],
      [1e2, "100"],
      ["0.0", undefined],
    ] as const) {
      const json = koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { i64: input })) as Record<string, unknown>;
      expect(json["i64"], String(input)).toBe(written);
    }
  });
});

describe("numbers", () => {
  const desc = message("jsontest.scalars");
  it.each([
    [{ fl: 0.1 }, '{"fl":0.1}'],
    [{ fl: 3.4028234663852886e38 }, '{"fl":3.4028235e+38}'],
    [{ fl: 1.401298464324817e-45 }, '{"fl":1e-45}'],
    [{ fl: "NaN", db: "-Infinity" }, '{"fl":"NaN","db":"-Infinity"}'],
    [{ db: 0.1 }, '{"db":0.1}'],
    [{ db: 1e21 }, '{"db":1e+21}'],
    [{ db: "1e-7" }, '{"db":1e-7}'],
    [{ i32: -1, u32: 4294967295, s32: -2147483648, f32: 4294967295, sf32: -2147483648 }, '{"i32":-1,"u32":4294967295,"s32":-2147483648,"f32":4294967295,"sf32":-2147483648}'],
    [{ i32: "7", u32: "1e1" }, '{"i32":7,"u32":10}'],
  ])("%j is written %s", (json, expected) => {
    expect(text(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json)))).toBe(expected);
  });
});

describe("every btype", () => {
  const desc = message("jsontest.btypes");
  const bytes = hex("00000102fbff");
  it("writes each as the reference's table says", () => {
    const json = {
      b64: "AAABAvv_",
      b58: "112VzRU",
      hex: "0x00000102fbff",
      block_id: "0x00000102fbff",
      transaction_id: "0x00000102fbff",
      contract_id: "112VzRU",
      address: "112VzRU",
      plain: "AAABAvv_",
      addresses: ["112VzRU", ADDRESS, ""],
      hexes: ["0x", "0xff"],
    };
    expect(koilib.encodeBase58(bytes)).toBe("112VzRU");
    const encoded = koinosJsonToBinary(desc, json);
    expect(text(koinosJsonFromBinary(desc, encoded))).toBe(text(json));
  });

  it("reads hex in either case, and writes it in lowercase", () => {
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { hex: "0xABcdEF" }))).toEqual({ hex: "0xabcdef" });
  });
});

describe("google.protobuf.Any", () => {
  const status = errorStatus.fromPartial({ message: "boom", details: [{ typeUrl: "type.googleapis.com/koinos.chain.error_details", value: errorDetailsType.encode({ code: -201, logs: ["bad nonce"] }).finish() }] });
  const registry = createTypeRegistry(errorDetailsType);

  it('is written {"@type", ...fields of the packed message} through a registry', () => {
    expect(text(toKoinosJson(errorStatusType, status, { registry }))).toBe(
      '{"message":"boom","details":[{"@type":"type.googleapis.com/koinos.chain.error_details","code":-201,"logs":["bad nonce"]}]}',
    );
  });

  it("is read back from that form", () => {
    expect(fromKoinosJson(errorStatusType, toKoinosJson(errorStatusType, status, { registry }), { registry })).toEqual(status);
  });

  it("is an error naming the field and the type when the registry does not know the type", () => {
    expect(() => toKoinosJson(errorStatusType, status)).toThrow(
      'details[0]: cannot resolve the type "type.googleapis.com/koinos.chain.error_details" of a google.protobuf.Any: koinos.chain.error_details is not in the registry',
    );
    expect(() => fromKoinosJson(errorStatusType, { details: [{}, { "@type": "type.googleapis.com/x.y" }] })).toThrow(
      'details[1]: cannot resolve the @type "type.googleapis.com/x.y": x.y is not in the registry',
    );
  });

  it("is {} when empty, and an object without @type reads as an empty Any", () => {
    const empty = errorStatus.fromPartial({ details: [{}] });
    expect(text(toKoinosJson(errorStatusType, empty))).toBe('{"details":[{}]}');
    expect(fromKoinosJson(errorStatusType, { details: [{ code: 1 }] })).toEqual(empty);
  });

  it("packs a well-known type as {\"@type\", \"value\"}", () => {
    const desc = message("jsontest.well_known");
    const wkt = createTypeRegistry(message("google.protobuf.Timestamp"));
    const json = { any: { "@type": "type.googleapis.com/google.protobuf.Timestamp", value: "2024-02-29T12:00:00.500Z" } };
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json, { registry: wkt }), { registry: wkt })).toEqual(json);
  });
});

describe("well-known types as protojson writes them", () => {
  const desc = message("jsontest.well_known");
  it.each([
    [{ ts: "1970-01-01T00:00:00Z" }],
    [{ ts: "0001-01-01T00:00:00Z" }],
    [{ ts: "9999-12-31T23:59:59.999999999Z" }],
    [{ ts: "2024-02-29T12:00:00.120Z" }],
    [{ ts: "2024-02-29T12:00:00.000120Z" }],
    [{ dur: "0s" }],
    [{ dur: "-1.500s" }],
    [{ dur: "315576000000.000000001s" }],
    [{ st: { a: 1, b: [true, null, "x", { c: {} }] } }],
    [{ val: null }],
    [{ val: [] }],
    [{ lv: [1, "two"] }],
    [{ fm: "a.fooBar,b" }],
    [{ empty: {} }],
    [{ i64w: "-9223372036854775808", bw: "-_8=", sw: "", dw: 0, fw: 0.1, bool_w: false, u32w: 0 }],
  ])("%j", (json) => {
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json))).toEqual(json);
  });

  it("normalises a timestamp with an offset to UTC, and a duration's fraction to 0, 3, 6 or 9 digits", () => {
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { ts: "2024-01-01T01:30:00.1+01:30", dur: "1.1s" }))).toEqual({ ts: "2024-01-01T00:00:00.100Z", dur: "1.100s" });
  });
});

describe("maps", () => {
  const desc = message("jsontest.maps");
  it("are objects keyed by the key's JSON text", () => {
    const json = {
      by_name: { b: 2, a: 0 },
      by_i64: { "-9223372036854775808": "min", "5": "" },
      by_bool: { true: "-_8=", false: "" },
      by_u32: { "4294967295": {} },
      colors: { x: "RED" },
      zig: { "-1": "18446744073709551615" },
    };
    expect(koinosJsonFromBinary(desc, koinosJsonToBinary(desc, json))).toEqual(json);
  });

  it("sort keys as Go does: strings by code point, bools false first (numeric keys follow JS's own order of integer-like keys)", () => {
    const json = koinosJsonFromBinary(desc, koinosJsonToBinary(desc, { by_name: { b: 1, "é": 3, a: 2 }, by_bool: { true: "", false: "" } })) as Record<string, object>;
    expect(Object.keys(json["by_name"] as object)).toEqual(["a", "b", "é"]);
    expect(Object.keys(json["by_bool"] as object)).toEqual(["false", "true"]);
  });
});
