import { typeName } from "./integers.js";
import { PathError } from "./path-error.js";

/**
 * Floating point values as protojson writes and reads them: NaN and the
 * infinities as the strings "NaN", "Infinity", "-Infinity"; a float
 * (32-bit) as the shortest decimal that reads back to the same float.
 */

/** A double for Koinos JSON. */
export function doubleJson(v: number): number | string {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/** A float (32-bit) for Koinos JSON: the shortest decimal that reads back to `v`, as Go formats it. */
export function floatJson(v: number): number | string {
  if (!Number.isFinite(v)) return doubleJson(v);
  if (v === 0) return v;
  for (let precision = 1; precision < 10; precision++) {
    const shortest = Number(v.toPrecision(precision));
    if (Math.fround(shortest) === v) return shortest;
  }
  return v;
}

const numberText = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A float or double field's value from JSON: a number, or a string holding
 * a JSON number, "NaN", "Infinity" or "-Infinity". A value beyond the
 * field's range is refused (as Go's strconv.ParseFloat refuses it).
 */
export function jsonFloat(value: unknown, float32: boolean): number {
  let v: number;
  if (typeof value === "number") {
    // JSON.parse turns numbers beyond the double range into Infinity.
    if (!Number.isFinite(value)) throw new PathError("number out of range");
    v = value;
  } else if (typeof value === "string") {
    if (value === "NaN") return Number.NaN;
    if (value === "Infinity") return Number.POSITIVE_INFINITY;
    if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
    if (!numberText.test(value)) throw new PathError(`not a number: ${JSON.stringify(value)}`);
    v = Number(value);
    if (!Number.isFinite(v)) throw new PathError(`${value} is out of range for double`);
  } else {
    throw new PathError(`expected a number, got ${typeName(value)}`);
  }
  if (float32 && !Number.isFinite(Math.fround(v))) throw new PathError(`${v} is out of range for float`);
  return v;
}
