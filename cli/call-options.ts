import { usageError } from "./cli-error.js";

/** The `--timeout` and `--header` options of `call` and `publish`. */
export const callOptions = {
  timeout: { type: "string", short: "t" },
  header: { type: "string", short: "H", multiple: true },
} as const;

export const defaultTimeoutMs = 5000;

/** A duration: `2000` or `2000ms` (milliseconds), `2s`, `1.5s`, `1m`. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (match === null) throw usageError(`${option} ${JSON.stringify(text)}: give a duration such as 2000 (ms), 500ms, 2s or 1m`);
  const value = Number(match[1]);
  const ms = match[2] === "s" ? value * 1000 : match[2] === "m" ? value * 60_000 : value;
  return Math.round(ms);
}

/** `--header k=v` options as AMQP headers (string values). */
export function parseHeaders(given: readonly string[] | undefined): Record<string, string> {
  const entries = (given ?? []).map((header) => {
    const eq = header.indexOf("=");
    if (eq <= 0) throw usageError(`--header ${JSON.stringify(header)}: give it as name=value`);
    return [header.substring(0, eq), header.substring(eq + 1)] as const;
  });
  // fromEntries makes own properties, a header named __proto__ included.
  return Object.fromEntries(entries);
}
