import type { JsonObject, JsonValue } from "../json-value.js";
import { typeName } from "../integers.js";
import { PathError } from "../path-error.js";
import { fractionNanos, nanosFraction } from "./fraction.js";

/** google.protobuf.Duration as protojson writes it: `"-1.500s"`, within ±10000 years. */
const MAX_SECONDS = 315576000000;

export function durationToJson(fields: JsonObject): string {
  const seconds = Number(fields["seconds"] ?? "0");
  const nanos = Number(fields["nanos"] ?? 0);
  if (Math.abs(seconds) > MAX_SECONDS) throw new PathError(`google.protobuf.Duration: seconds out of range ${seconds}`);
  if (Math.abs(nanos) > 999_999_999) throw new PathError(`google.protobuf.Duration: nanos out of range ${nanos}`);
  if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) throw new PathError("google.protobuf.Duration: signs of seconds and nanos do not match");
  const sign = seconds < 0 || nanos < 0 ? "-" : "";
  return `${sign}${Math.abs(seconds)}${nanosFraction(Math.abs(nanos))}s`;
}

const durationText = /^([-+])?(?:(0|[1-9]\d*)(?:\.(\d{0,9}))?|\.(\d{1,9}))s$/;

export function durationFromJson(value: JsonValue): JsonObject {
  if (typeof value !== "string") throw new PathError(`google.protobuf.Duration: expected a string like "1.5s", got ${typeName(value)}`);
  const m = durationText.exec(value);
  if (m === null) throw new PathError(`invalid google.protobuf.Duration ${JSON.stringify(value)}`);
  const sign = m[1] === "-" ? -1 : 1;
  const seconds = Number(m[2] ?? "0");
  if (seconds > MAX_SECONDS) throw new PathError(`google.protobuf.Duration out of range ${JSON.stringify(value)}`);
  const nanos = fractionNanos(m[3] ?? m[4]);
  return { seconds: String(sign * seconds === 0 ? 0 : sign * seconds), nanos: sign * nanos === 0 ? 0 : sign * nanos };
}
