import type { JsonObject, JsonValue } from "../json-value.js";
import { typeName } from "../integers.js";
import { PathError } from "../path-error.js";
import { fractionNanos, nanosFraction } from "./fraction.js";

/**
 * google.protobuf.Timestamp as protojson writes it: RFC 3339 in UTC,
 * `1972-01-01T10:00:20.021Z`, years 0001 to 9999.
 */
const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

export function timestampToJson(fields: JsonObject): string {
  const seconds = Number(fields["seconds"] ?? "0");
  const nanos = Number(fields["nanos"] ?? 0);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new PathError(`google.protobuf.Timestamp: seconds out of range ${seconds}`);
  if (nanos < 0 || nanos > 999_999_999) throw new PathError(`google.protobuf.Timestamp: nanos out of range ${nanos}`);
  return `${new Date(seconds * 1000).toISOString().substring(0, 19)}${nanosFraction(nanos)}Z`;
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

export function timestampFromJson(value: JsonValue): JsonObject {
  if (typeof value !== "string") throw new PathError(`google.protobuf.Timestamp: expected an RFC 3339 string, got ${typeName(value)}`);
  const m = rfc3339.exec(value);
  if (m === null) throw new PathError(`invalid google.protobuf.Timestamp ${JSON.stringify(value)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = m[8] === undefined ? 0 : (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 || Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) {
    throw new PathError(`invalid google.protobuf.Timestamp ${JSON.stringify(value)}`);
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new PathError(`google.protobuf.Timestamp out of range ${JSON.stringify(value)}`);
  return { seconds: String(seconds), nanos: fractionNanos(m[7]) };
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
