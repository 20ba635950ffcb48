/**
 * Nanoseconds as protojson writes them after the seconds of a Timestamp or
 * Duration: nothing for 0, else 3, 6 or 9 digits.
 */
export function nanosFraction(nanos: number): string {
  if (nanos === 0) return "";
  const nine = String(nanos).padStart(9, "0");
  if (nanos % 1_000_000 === 0) return `.${nine.substring(0, 3)}`;
  if (nanos % 1000 === 0) return `.${nine.substring(0, 6)}`;
  return `.${nine}`;
}

/** Up to 9 fraction digits as nanoseconds. */
export function fractionNanos(digits: string | undefined): number {
  return digits === undefined || digits === "" ? 0 : Number(digits.padEnd(9, "0"));
}
