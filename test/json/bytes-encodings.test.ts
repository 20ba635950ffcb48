import { utils as koilib } from "koilib";
import { describe, expect, it } from "vitest";
import { base58Decode, base58Encode } from "../../runtime/json/bytes/base58.js";
import { base64UrlDecode, base64UrlEncode } from "../../runtime/json/bytes/base64url.js";
import { hexDecode, hexEncode } from "../../runtime/json/bytes/hex.js";
import { RandomMessages } from "../helpers/random-message.js";

/**
 * The three bytes encodings of Koinos JSON against independent
 * implementations (koilib's base58, Node's base64url and hex), over
 * random bytes of every length up to 100, leading zeros included.
 */
const random = new RandomMessages(1);
const samples: Uint8Array[] = [];
for (let length = 0; length <= 100; length++) {
  for (let k = 0; k < 4; k++) {
    const b = new Uint8Array(length).map(() => random.int(256));
    for (let z = 0; z < Math.min(length, k); z++) b[z] = 0;
    if (k === 3) b.fill(255);
    samples.push(b);
  }
}
const padded = (b: Uint8Array) => {
  const s = Buffer.from(b).toString("base64url");
  return s + "=".repeat((4 - (s.length % 4)) % 4);
};

describe("encode and decode as the reference implementations do", () => {
  it("base58 (Bitcoin alphabet, a 1 per leading zero byte)", () => {
    for (const b of samples) {
      const text = base58Encode(b);
      expect(text).toBe(koilib.encodeBase58(b));
      expect(base58Decode(text)).toEqual(b);
    }
  });

  it("base64 with the URL-safe alphabet and padding", () => {
    for (const b of samples) {
      const text = base64UrlEncode(b);
      expect(text).toBe(padded(b));
      expect(base64UrlDecode(text)).toEqual(b);
    }
  });

  it("0x-hex", () => {
    for (const b of samples) {
      const text = hexEncode(b);
      expect(text).toBe(`0x${Buffer.from(b).toString("hex")}`);
      expect(hexDecode(text)).toEqual(b);
      expect(hexDecode(text.toUpperCase().replace("0X", "0x"))).toEqual(b);
    }
  });
});

describe("decoding as Go does", () => {
  it("base64: \\r and \\n are ignored, nonzero trailing bits are accepted", () => {
    expect(base64UrlDecode("AQ\r\nID")).toEqual(Uint8Array.of(1, 2, 3));
    expect(base64UrlDecode("QR==")).toEqual(Uint8Array.of(0x41));
  });

  it("base58: leading 1s are zero bytes, and only 1s are only zeros", () => {
    expect(base58Decode("111")).toEqual(new Uint8Array(3));
    expect(base58Decode("")).toEqual(new Uint8Array(0));
  });

  it.each([
    ["base64", () => base64UrlDecode("A"), "invalid base64"],
    ["base64", () => base64UrlDecode("AA=="), undefined],
    ["base64", () => base64UrlDecode("=AAA"), "base64 with misplaced padding"],
    ["base64", () => base64UrlDecode("AAA=AAAA"), "base64 with misplaced padding"],
    ["base64", () => base64UrlDecode("AAé="), 'invalid base64 character "é"'],
    ["base58", () => base58Decode("1l"), 'invalid base58 character "l"'],
    ["base58", () => base58Decode("abc+"), 'invalid base58 character "+"'],
    ["hex", () => hexDecode(""), "hex without 0x"],
    ["hex", () => hexDecode("0x0"), "hex of odd length"],
    ["hex", () => hexDecode("0xg0"), 'invalid hex digit "g"'],
  ])("%s refusal: %s", (_, decode, reason) => {
    const result = decode();
    if (reason === undefined) expect(result).toBeInstanceOf(Uint8Array);
    else expect(result).toBe(reason);
  });
});
