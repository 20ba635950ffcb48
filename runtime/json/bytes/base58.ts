import { ascii, decodeBuffer, scratchBuffer } from "./ascii.js";

/**
 * Base58 with the Bitcoin alphabet, no checksum: how Koinos JSON writes
 * bytes of btype BASE58, CONTRACT_ID and ADDRESS. Each leading zero byte
 * is a leading `1`.
 *
 * The base conversion works on limbs of 58^4 (encode) and 2^24 (decode)
 * instead of single digits and bytes: products stay below 2^53, so plain
 * numbers hold them exactly, with a fraction of the steps.
 */
const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const values = new Int8Array(128).fill(-1);
for (let i = 0; i < 58; i++) values[codes[i] as number] = i;

const LIMB = 58 ** 4;
const ONE = codes[0] as number;
let limbs: number[] = [];

export function base58Encode(bytes: Uint8Array): string {
  const n = bytes.length;
  let zeros = 0;
  while (zeros < n && bytes[zeros] === 0) zeros++;
  // The rest as little-endian limbs of base 58^4, fed three bytes at a time.
  let count = 0;
  // The first chunk takes what is left over, so the others take three bytes each.
  let take = (n - zeros) % 3 || 3;
  for (let i = zeros; i < n; take = 3) {
    let carry = 0;
    for (let k = 0; k < take; k++) carry = carry * 256 + (bytes[i + k] as number);
    const scale = take === 3 ? 16777216 : take === 2 ? 65536 : 256;
    i += take;
    for (let j = 0; j < count; j++) {
      const x = (limbs[j] as number) * scale + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs[count++] = carry - q * LIMB;
      carry = q;
    }
  }
  const out = scratchBuffer(zeros + count * 4);
  out.fill(ONE, 0, zeros);
  let o = zeros;
  for (let j = count - 1; j >= 0; j--) {
    let limb = limbs[j] as number;
    const d3 = limb % 58;
    limb = (limb - d3) / 58;
    const d2 = limb % 58;
    limb = (limb - d2) / 58;
    const d1 = limb % 58;
    const d0 = (limb - d1) / 58;
    // The top limb has no leading zero digits (they would read as zero bytes).
    if (j < count - 1 || d0 > 0) out[o++] = codes[d0] as number;
    if (j < count - 1 || d0 + d1 > 0) out[o++] = codes[d1] as number;
    if (j < count - 1 || d0 + d1 + d2 > 0) out[o++] = codes[d2] as number;
    out[o++] = codes[d3] as number;
  }
  if (limbs.length > 64) limbs = [];
  return ascii(out, o);
}

const BYTES3 = 16777216;
let acc = new Float64Array(16);

/**
 * Decodes base58 (Go's btcutil base58.Decode). Returns the reason as a
 * string when `text` has a character outside the alphabet, else a view
 * valid until the next decode (see decodeBuffer).
 */
export function base58Decode(text: string): Uint8Array | string {
  const n = text.length;
  let zeros = 0;
  while (zeros < n && text.charCodeAt(zeros) === ONE) zeros++;
  // The rest as little-endian limbs of base 2^24, fed four digits at a time.
  if (acc.length < n) acc = new Float64Array(n);
  let count = 0;
  let take = (n - zeros) % 4 || 4;
  for (let i = zeros; i < n; take = 4) {
    let carry = 0;
    for (let k = 0; k < take; k++) {
      const c = text.charCodeAt(i + k);
      const value = c < 128 ? (values[c] as number) : -1;
      if (value < 0) return `invalid base58 character ${JSON.stringify(text.charAt(i + k))}`;
      carry = carry * 58 + value;
    }
    const scale = take === 4 ? 11316496 : take === 3 ? 195112 : take === 2 ? 3364 : 58;
    i += take;
    for (let j = 0; j < count; j++) {
      const x = (acc[j] as number) * scale + carry;
      carry = Math.floor(x / BYTES3);
      acc[j] = x - carry * BYTES3;
    }
    while (carry > 0) {
      const q = Math.floor(carry / BYTES3);
      acc[count++] = carry - q * BYTES3;
      carry = q;
    }
  }
  // The top limb may have leading zero bytes; they are not part of the number.
  const top = count === 0 ? 0 : (acc[count - 1] as number);
  const topBytes = top >= 65536 ? 3 : top >= 256 ? 2 : top > 0 ? 1 : 0;
  const size = zeros + (count === 0 ? 0 : topBytes + (count - 1) * 3);
  const out = decodeBuffer(size);
  out.fill(0, 0, zeros);
  let o = zeros;
  for (let j = count - 1; j >= 0; j--) {
    const limb = acc[j] as number;
    if (j < count - 1 || topBytes === 3) out[o++] = limb >>> 16;
    if (j < count - 1 || topBytes >= 2) out[o++] = (limb >>> 8) & 0xff;
    out[o++] = limb & 0xff;
  }
  return out.subarray(0, size);
}
