import { ascii, decodeBuffer, scratchBuffer } from "./ascii.js";

/**
 * `0x` and lowercase hex: how Koinos JSON writes bytes of btype HEX,
 * BLOCK_ID and TRANSACTION_ID (Go's "0x" + hex.EncodeToString).
 */
const digits = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

export function hexEncode(bytes: Uint8Array): string {
  const size = 2 + bytes.length * 2;
  const out = scratchBuffer(size);
  out[0] = 0x30;
  out[1] = 0x78;
  for (let i = 0, o = 2; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[o++] = digits[b >> 4] as number;
    out[o++] = digits[b & 15] as number;
  }
  return ascii(out, size);
}

/**
 * Decodes `0x` followed by an even number of hex digits of either case
 * (Go's hex.DecodeString after the `0x` check). Returns the reason as a
 * string when `text` is not such hex, else a view valid until the next
 * decode (see decodeBuffer).
 */
export function hexDecode(text: string): Uint8Array | string {
  if (text.charCodeAt(0) !== 0x30 || text.charCodeAt(1) !== 0x78) return "hex without 0x";
  if (text.length % 2 !== 0) return "hex of odd length";
  const size = (text.length - 2) / 2;
  const out = decodeBuffer(size);
  for (let i = 2, o = 0; i < text.length; i += 2) {
    const hi = nibble(text.charCodeAt(i));
    const lo = nibble(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return `invalid hex digit ${JSON.stringify(text.charAt(hi < 0 ? i : i + 1))}`;
    out[o++] = (hi << 4) | lo;
  }
  return out.subarray(0, size);
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
