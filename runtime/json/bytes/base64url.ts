import { ascii, decodeBuffer, scratchBuffer } from "./ascii.js";

/**
 * Base64 with the URL-safe alphabet (`-`, `_`) and `=` padding: how Koinos
 * JSON writes bytes without a btype (Go's base64.URLEncoding).
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const values = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) values[codes[i] as number] = i;
const PAD = 0x3d;

export function base64UrlEncode(bytes: Uint8Array): string {
  const n = bytes.length;
  const size = ((n + 2) / 3) << 2;
  const out = scratchBuffer(size);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = codes[v >>> 18] as number;
    out[o++] = codes[(v >>> 12) & 63] as number;
    out[o++] = codes[(v >>> 6) & 63] as number;
    out[o++] = codes[v & 63] as number;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = ((bytes[i] as number) << 16) | (two ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = codes[v >>> 18] as number;
    out[o++] = codes[(v >>> 12) & 63] as number;
    out[o++] = two ? (codes[(v >>> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  return ascii(out, size);
}

/**
 * Decodes as Go's base64.URLEncoding does: padding required, only the
 * URL-safe alphabet, `\r` and `\n` ignored, nonzero trailing bits allowed.
 * Returns the reason as a string when `text` is not such base64, else a
 * view valid until the next decode (see decodeBuffer).
 */
export function base64UrlDecode(text: string): Uint8Array | string {
  const s = text.indexOf("\n") >= 0 || text.indexOf("\r") >= 0 ? text.replace(/[\r\n]/g, "") : text;
  const n = s.length;
  if (n % 4 !== 0) return n % 4 === 1 ? "invalid base64" : "base64 without padding";
  let size = (n >> 2) * 3;
  if (n > 0 && s.charCodeAt(n - 1) === PAD) size -= s.charCodeAt(n - 2) === PAD ? 2 : 1;
  const out = decodeBuffer(size);
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const a = digit(s, i);
    const b = digit(s, i + 1);
    if (a < 0 || b < 0) return invalid(s, a < 0 ? i : i + 1);
    const last = i + 4 === n;
    const c3 = s.charCodeAt(i + 2);
    const c4 = s.charCodeAt(i + 3);
    if (last && c3 === PAD && c4 === PAD) {
      out[o++] = (a << 2) | (b >> 4);
      break;
    }
    const c = digit(s, i + 2);
    if (c < 0) return invalid(s, i + 2);
    if (last && c4 === PAD) {
      out[o++] = (a << 2) | (b >> 4);
      out[o++] = ((b & 15) << 4) | (c >> 2);
      break;
    }
    const d = digit(s, i + 3);
    if (d < 0) return invalid(s, i + 3);
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  return out.subarray(0, size);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? (values[c] as number) : -1;
}

function invalid(s: string, i: number): string {
  const c = s.charAt(i);
  if (c === "+" || c === "/") return "base64 with + or / (Koinos JSON uses the URL-safe alphabet - and _)";
  if (c === "=") return "base64 with misplaced padding";
  return `invalid base64 character ${JSON.stringify(c)}`;
}
