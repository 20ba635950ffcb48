import { createFileRegistry, type DescMessage } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import { protobufEsType, type MessageType } from "koinos-mq-ts";
import { errorDetails } from "../../generated/koinos/chain/error.js";
import { readContractRequest, submitTransactionRequest } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { compileProtos, fixtures } from "../helpers/plugin-run.js";
import { decodeMessage } from "../../runtime/wire/decode-message.js";
import { StrictReader } from "../../runtime/wire/strict-reader.js";

/**
 * A length of 2^32 or more inside a member: ts-proto and protobuf-es read it
 * as its low 32 bits (2^32 becomes an empty message), Go and C++ refuse it.
 * The runtime decodes members so that it is refused as well, and every value
 * protobuf legitimately writes in more than 32 bits still decodes.
 */
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/ /g, ""), "hex"));

/** submit_transaction_request { transaction { header: length 2^32 } }: the length is inside a nested message. */
const nestedOverlong = bytes("0a06 12 8080808010");

describe("ts-proto members", () => {
  it("refuses a length of 2^32 that ts-proto alone reads as an empty message", () => {
    expect(submitTransactionRequest.decode(bytes("0a 8080808010")).transaction).toEqual({ id: new Uint8Array(), header: undefined, operations: [], signatures: [] });
    expect(() => decodeMessage(submitTransactionRequest, bytes("0a 8080808010"))).toThrow(/varint at byte 1 is over 32 bits/);
  });

  it("refuses a length over 32 bits in a nested message", () => {
    expect(submitTransactionRequest.decode(nestedOverlong).transaction?.header).toBeDefined();
    expect(() => decodeMessage(submitTransactionRequest, nestedOverlong)).toThrow(/over 32 bits/);
  });

  it("refuses a uint32 field written over 32 bits, and reads one of 5 bytes within them", () => {
    expect(() => decodeMessage(readContractRequest, bytes("10 8080808010"))).toThrow(/over 32 bits/);
    expect(decodeMessage(readContractRequest, bytes("10 ffffffff0f")).entryPoint).toBe(4294967295);
  });

  it("reads a negative int32, which protobuf writes as a 10-byte varint", () => {
    const wire = errorDetails.encode({ code: -201, logs: ["x"] }).finish();
    expect(Buffer.from(wire).toString("hex")).toBe("08b7feffffffffffffff01120178");
    expect(decodeMessage(errorDetails, wire)).toEqual({ code: -201, logs: ["x"] });
  });

  it("decodes what ts-proto encodes, the same as ts-proto", () => {
    const request = submitTransactionRequest.fromPartial({
      transaction: { id: new Uint8Array(34).fill(7), header: { rcLimit: "100000", nonce: new Uint8Array([8, 1]) }, operations: [{ callContract: { entryPoint: 0xffffffff, args: new Uint8Array(300) } }] },
      broadcast: true,
    });
    const wire = submitTransactionRequest.encode(request).finish();
    expect(decodeMessage(submitTransactionRequest, wire)).toEqual(submitTransactionRequest.decode(wire));
  });
});

describe("StrictReader", () => {
  it("keeps the low 32 bits of an overlong int32 and sint32, as Go and C++ do", () => {
    expect(new StrictReader(bytes("8080808010")).int32()).toBe(0);
    expect(new StrictReader(bytes("ffffffff7f")).int32()).toBe(-1);
    expect(new StrictReader(bytes("8380808010")).sint32()).toBe(-2);
  });

  it("reads a varint of 6 to 10 bytes whose value fits in 32 bits", () => {
    expect(new StrictReader(bytes("ff80808000")).uint32()).toBe(127);
    expect(new StrictReader(bytes(`81${"80".repeat(8)}00`)).uint32()).toBe(1);
  });

  it("refuses a varint that ends with the input", () => {
    expect(() => new StrictReader(bytes("8080")).uint32()).toThrow(/premature EOF/);
  });
});

describe("protobuf-es members", () => {
  let submitTransaction: MessageType<unknown>;
  let withMap: MessageType<unknown>;
  beforeAll(() => {
    const registry = createFileRegistry(fixtures());
    submitTransaction = protobufEsType(registry.getMessage("koinos.rpc.chain.submit_transaction_request") as DescMessage);
    const maps = createFileRegistry(
      compileProtos({ "t/maps.proto": 'syntax = "proto3";\npackage t;\nmessage inner { bytes b = 1; }\nmessage outer { map<string, inner> by_name = 1; map<string, bytes> raw = 2; }\n' }, false),
    );
    withMap = protobufEsType(maps.getMessage("t.outer") as DescMessage);
  });

  it("refuses a length over 32 bits in a nested message, through the runtime and alone", () => {
    expect(() => decodeMessage(submitTransaction, nestedOverlong)).toThrow(/over 32 bits/);
    expect(() => submitTransaction.decode(nestedOverlong)).toThrow(/over 32 bits/);
  });

  it("refuses a length over 32 bits inside a map value, and reads a valid map", () => {
    // outer { by_name: { "k": inner { b: length 2^32 } } }
    expect(() => withMap.decode(bytes("0a0b 0a016b 1206 0a 8080808010"))).toThrow(/over 32 bits/);
    // outer { raw: { "k": <the same bytes> } }: bytes, not a message, so their content is not read.
    expect(withMap.decode(bytes("120b 0a016b 1206 0a8080808010"))).toMatchObject({ raw: { k: bytes("0a8080808010") } });
    expect(withMap.decode(bytes("0a08 0a016b 1203 0a0101"))).toMatchObject({ byName: { k: { b: bytes("01") } } });
  });

  it("decodes valid bytes as fromBinary does", () => {
    const wire = submitTransactionRequest.encode(submitTransactionRequest.fromPartial({ transaction: { id: new Uint8Array([1]), header: { rcLimit: "5" } }, broadcast: true })).finish();
    expect(decodeMessage(submitTransaction, wire)).toMatchObject({ transaction: { id: new Uint8Array([1]), header: { rcLimit: "5" } }, broadcast: true });
  });
});

it("decodes with a codec that takes bytes only as that codec does", () => {
  const seen: unknown[] = [];
  const bytesOnly: MessageType<number> = {
    encode: () => ({ finish: () => new Uint8Array() }),
    decode: (input) => {
      seen.push(input);
      if (!(input instanceof Uint8Array)) throw new TypeError("bytes only");
      return input.length;
    },
    fromPartial: () => 0,
  };
  expect(decodeMessage(bytesOnly, bytes("0a 8080808010"))).toBe(6);
  expect(seen.at(-1)).toBeInstanceOf(Uint8Array);
});
