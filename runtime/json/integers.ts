import { PathError } from "./path-error.js";

/**
 * 64-bit integers between wire halves (lo, hi: unsigned 32-bit) and the
 * decimal strings Koinos JSON writes, and the integer rules of Go's
 * protojson for reading JSON numbers and numeric strings.
 */
const TWO_32 = 4294967296;

/** An unsigned 64-bit value as a decimal string. */
export function uint64String(lo: number, hi: number): string {
  if (hi === 0) return String(lo);
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** A signed (two's complement) 64-bit value as a decimal string. */
export function int64String(lo: number, hi: number): string {
  if (hi < 0x80000000) return uint64String(lo, hi);
  if (hi === 0xffffffff && lo !== 0) return String(lo - TWO_32);
  // Negate: ~x + 1.
  const nlo = (~lo + 1) >>> 0;
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
  return `-${uint64String(nlo, nhi)}`;
}

/** A zigzag-encoded (sint64) value as a decimal string. */
export function sint64String(lo: number, hi: number): string {
  const negative = lo & 1;
  const vlo = ((lo >>> 1) | (hi << 31)) >>> 0;
  const vhi = hi >>> 1;
  // (v >>> 1) ^ -(v & 1)
  return negative ? int64String(~vlo >>> 0, ~vhi >>> 0) : uint64String(vlo, vhi);
}

/** Ranges of the integer field kinds. */
export const INT32 = { min: -2147483648, max: 2147483647 } as const;
export const UINT32 = { min: 0, max: 4294967295 } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A JSON number's text, as protojson accepts it inside a string. */
const numberText = /^(-)?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const plainInteger = /^-?(?:0|[1-9]\d{0,14})$/;

/**
 * The integer a JSON value stands for, for an integer field: a number
 * without a fraction, or a string holding a JSON number that is integral
 * once its exponent is applied (`"1e2"`, `"1.0"`; Go normalises these).
 * Returns a number when it is a safe integer, else a bigint.
 */
export function jsonInteger(value: unknown, kind: string): number | bigint {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new PathError("number out of range");
    if (!Number.isInteger(value)) throw new PathError(`not an integer: ${value}`);
    return Number.isSafeInteger(value) ? value : BigInt(value);
  }
  if (typeof value === "string") {
    if (plainInteger.test(value)) return Number(value);
    const digits = integerDigits(value);
    if (digits === undefined) throw new PathError(`not an integer: ${JSON.stringify(value)}`);
    if (digits === TOO_LONG) throw new PathError(`${value} is out of range for ${kind}`);
    const big = BigInt(digits);
    return big >= -(2n ** 53n) && big <= 2n ** 53n ? Number(big) : big;
  }
  throw new PathError(`expected an integer (a number or a string), got ${typeName(value)}`);
}

/**
 * The decimal digits (with sign) of a JSON number text that is integral,
 * as Go's protojson normalizeToIntString computes them; undefined if the
 * text is not a JSON number or not integral, TOO_LONG if it has over 20
 * integer digits (beyond any 64-bit integer).
 */
const TOO_LONG = "too long";
function integerDigits(text: string): string | undefined {
  const m = numberText.exec(text);
  if (m === null) return undefined;
  const negative = m[1] === "-";
  const intPart = m[2] === "0" ? "" : (m[2] as string);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (intPart === "" && frac === "") return "0";
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 2147483647) return undefined;
  let digits: string;
  if (exp >= 0) {
    if (frac.length > exp) return undefined;
    if (intPart.length + exp > 20) return TOO_LONG;
    digits = intPart + frac + "0".repeat(exp - frac.length);
  } else {
    if (frac.length > 0) return undefined;
    const point = intPart.length + exp;
    if (point < 0) return undefined;
    if (/[^0]/.test(intPart.substring(point))) return undefined;
    digits = intPart.substring(0, point);
  }
  if (digits === "") digits = "0";
  return negative ? `-${digits}` : digits;
}

/** A 32-bit integer field's value from JSON, range-checked. */
export function jsonInt32(value: unknown, range: { readonly min: number; readonly max: number }, kind: string): number {
  const v = jsonInteger(value, kind);
  if (typeof v === "bigint" || v < range.min || v > range.max) throw new PathError(`${String(v)} is out of range for ${kind}`);
  return v;
}

/** Halves of a 64-bit value, for the writer. */
export interface Halves {
  lo: number;
  hi: number;
}

/**
 * A 64-bit integer field's value from JSON, range-checked, into `out`
 * as two's complement halves.
 */
export function jsonInt64(value: unknown, signed: boolean, out: Halves): void {
  if (typeof value === "string" && decimal64.test(value)) {
    decimalHalves(value, signed, out);
    return;
  }
  const v = jsonInteger(value, signed ? "int64" : "uint64");
  if (typeof v === "number") {
    if (v < 0 && !signed) throw new PathError(`${v} is out of range for uint64`);
    if (v >= 0) {
      out.lo = v % TWO_32;
      out.hi = Math.floor(v / TWO_32);
    } else if (v >= -2147483648) {
      out.lo = v >>> 0;
      out.hi = 0xffffffff;
    } else {
      splitBig(BigInt(v), out);
    }
    return;
  }
  if (signed ? v < INT64_MIN || v > INT64_MAX : v < 0n || v > UINT64_MAX) {
    throw new PathError(`${v} is out of range for ${signed ? "int64" : "uint64"}`);
  }
  splitBig(v, out);
}

/** A plain decimal of 1 to 20 digits, the usual form of 64-bit values in Koinos JSON. */
const decimal64 = /^-?(?:0|[1-9]\d{0,19})$/;

/**
 * Halves of a plain decimal without BigInt: six digits at a time into
 * lo (exact below 2^53) with the overflow carried into hi; the range is
 * checked on the digits.
 */
function decimalHalves(text: string, signed: boolean, out: Halves): void {
  const negative = text.charCodeAt(0) === 0x2d;
  const digits = negative ? text.substring(1) : text;
  const limit = !signed ? "18446744073709551615" : negative ? "9223372036854775808" : "9223372036854775807";
  if ((negative && !signed && digits !== "0") || digits.length > limit.length || (digits.length === limit.length && digits > limit)) {
    throw new PathError(`${text} is out of range for ${signed ? "int64" : "uint64"}`);
  }
  let lo = 0;
  let hi = 0;
  if (digits.length <= 15) {
    const v = Number(digits);
    hi = Math.floor(v / TWO_32);
    lo = v - hi * TWO_32;
  } else {
    for (let i = 0; i < digits.length; i += 6) {
      const chunk = digits.substring(i, i + 6);
      const scale = 10 ** chunk.length;
      lo = lo * scale + Number(chunk);
      hi = hi * scale;
      if (lo >= TWO_32) {
        const carry = Math.floor(lo / TWO_32);
        hi += carry;
        lo -= carry * TWO_32;
      }
    }
  }
  if (negative && (lo !== 0 || hi !== 0)) {
    // Two's complement: ~x + 1.
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  out.lo = lo >>> 0;
  out.hi = hi >>> 0;
}

function splitBig(v: bigint, out: Halves): void {
  const u = BigInt.asUintN(64, v);
  out.lo = Number(u & 0xffffffffn);
  out.hi = Number(u >> 32n);
}

/** Zigzag encoding of 64-bit halves, in place (sint64). */
export function zigzag64(h: Halves): void {
  const sign = h.hi >> 31;
  const lo = ((h.lo << 1) ^ sign) >>> 0;
  const hi = (((h.hi << 1) | (h.lo >>> 31)) ^ sign) >>> 0;
  h.lo = lo;
  h.hi = hi;
}

/** How an error message names the JSON type of a value. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    default:
      return typeof value;
  }
}
