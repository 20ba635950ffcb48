import { describe, expect, it } from "vitest";
import { chainRequest } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { decodeEnvelope, encodeEnvelope } from "../../runtime/wire/envelope.js";

/**
 * The envelope codec against protobuf's own rules (and ts-proto's encoder
 * and decoder of the same envelope): every way an envelope can be laid out
 * on the wire, and every way it can be broken.
 */
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/ /g, ""), "hex"));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");
/** chain_request's members: reserved 1, then the methods 2..12. */
const isChainMember = (field: number) => field >= 1 && field <= 12;

describe("encodeEnvelope", () => {
  it.each([
    ["an empty member", 4, "", "2200"],
    ["a member with a body", 7, "0a0101", "3a030a0101"],
    ["a member whose tag takes two bytes", 16, "", "820100"],
    ["a body of 300 bytes (two-byte length)", 2, "00".repeat(300), `12ac02${"00".repeat(300)}`],
  ])("writes %s as protobuf does", (_, field, body, expected) => {
    expect(hexOf(encodeEnvelope(field, bytes(body)))).toBe(expected);
  });

  it("writes what ts-proto writes for the same envelope", () => {
    const request = chainRequest.fromPartial({ readContract: { contractId: new Uint8Array([1, 2]), entryPoint: 7, args: new Uint8Array(200) } });
    const member = chainRequest.encode(request).finish();
    const decoded = decodeEnvelope(member);
    expect(decoded?.field).toBe(7);
    expect(hexOf(encodeEnvelope(7, decoded?.body ?? new Uint8Array()))).toBe(hexOf(member));
  });
});

describe("decodeEnvelope", () => {
  it.each([
    ["a single empty member", "2200", { field: 4, body: "" }],
    ["a single member with a body", "3a030a0101", { field: 7, body: "0a0101" }],
    ["several members: the last one wins", "2200 3a020801", { field: 7, body: "0801" }],
    ["a member repeated: its occurrences merge", "3a020801 3a021001", { field: 7, body: "08011001" }],
    ["a member, another, the first again: the last run wins", "3a020801 2200 3a021001", { field: 7, body: "1001" }],
    ["unknown varint, fixed64 and fixed32 fields around a member", "0801 2200 290102030405060708 3d01020304", { field: 4, body: "" }],
    ["an unknown group around a member", "0b 0801 0c 2200", { field: 4, body: "" }],
    ["a tag written in more bytes than it needs", "a200 00", { field: 4, body: "" }],
    ["a length written in more bytes than it needs", "22 8000", { field: 4, body: "" }],
    ["a length written in six bytes whose value fits in 32 bits", "22 808080808000", { field: 4, body: "" }],
  ])("reads %s", (_, wire, expected) => {
    const member = decodeEnvelope(bytes(wire));
    expect(member === undefined ? undefined : { field: member.field, body: hexOf(member.body) }).toEqual(expected);
  });

  it("reads the member as ts-proto reads it, for each layout", () => {
    const layouts = [
      ["2200 3a020801", "readContract"],
      ["3a020801 3a021001", "readContract"],
      ["3a020801 2200 3a021001", "readContract"],
      ["0801 2200", "getHeadInfo"],
      ["0b 0801 0c 2200", "getHeadInfo"],
      ["22 808080808000", "getHeadInfo"],
    ] as const;
    for (const [wire, property] of layouts) {
      const member = decodeEnvelope(bytes(wire));
      if (member === undefined) throw new Error(`no member in ${wire}`);
      // ts-proto keeps every member it met (it does not clear the others), so compare the last one only.
      expect(chainRequest.decode(encodeEnvelope(member.field, member.body))[property]).toEqual(chainRequest.decode(bytes(wire))[property]);
    }
  });

  it("returns undefined when no member is set", () => {
    expect(decodeEnvelope(new Uint8Array())).toBeUndefined();
    expect(decodeEnvelope(bytes("0801 1002"))).toBeUndefined();
  });

  describe("with the set of members", () => {
    it("skips an unknown length-delimited field, as Go and C++ do with unknown fields", () => {
      expect(decodeEnvelope(bytes("2200 fa0100"), isChainMember)).toEqual({ field: 4, body: new Uint8Array() });
      expect(decodeEnvelope(bytes("fa0100 2200"), isChainMember)).toEqual({ field: 4, body: new Uint8Array() });
    });

    it("does not let an unknown field split the occurrences of a member", () => {
      const member = decodeEnvelope(bytes("3a020801 fa0100 3a021001"), isChainMember);
      expect(member && { field: member.field, body: hexOf(member.body) }).toEqual({ field: 7, body: "08011001" });
    });

    it("returns the last unknown field when no member is set, so that it can be named", () => {
      expect(decodeEnvelope(bytes("fa0100 8a0200"), isChainMember)?.field).toBe(33);
    });

    it("reads a lone unknown field the same way on the fast path", () => {
      expect(decodeEnvelope(bytes("fa0100"), isChainMember)?.field).toBe(31);
    });
  });

  it.each([
    ["a length of 2^32 (its low 32 bits are 0)", "12 8080808010"],
    ["a length of 2^32 + 2 with two bytes after it", "12 8280808010 0800"],
    ["a length of 2^35 in six bytes", "12 808080808001"],
    ["a length over 32 bits after a first member", "2200 12 8080808010"],
    ["a length over 32 bits in an unknown field", "2200 fa01 8080808010"],
    ["a length over 32 bits inside an unknown group", "0b 12 8080808010 0c 2200"],
    ["a tag over 32 bits", "8080808010 00"],
    ["a varint of 11 bytes", "22 8080808080808080808000"],
  ])("refuses %s", (_, wire) => {
    expect(() => decodeEnvelope(bytes(wire))).toThrow(/over 32 bits|longer than 10 bytes|overflows uint32/);
  });

  it.each([
    ["a member shorter than its length", "2205 0000"],
    ["a length cut off", "22 80"],
    ["a tag cut off", "a2"],
    ["a fixed64 cut off", "2200 0901020304"],
    ["field number 0", "0200"],
    ["wire type 6", "2600"],
    ["an end-group with no group", "2200 0c"],
  ])("refuses %s", (_, wire) => {
    expect(() => decodeEnvelope(bytes(wire))).toThrow();
  });

  it("refuses a length over 32 bits that ts-proto reads as an empty member", () => {
    const wire = bytes("12 8080808010");
    // The reason for the strict reader: ts-proto serves this as a valid empty submit_block.
    expect(chainRequest.decode(wire).submitBlock).toEqual({ block: undefined });
    expect(() => decodeEnvelope(wire)).toThrow(/varint at byte 1 is over 32 bits/);
  });
});
