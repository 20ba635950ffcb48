import { InvalidArgumentError } from "./errors.js";

/**
 * Deadlines of calls and publishes. A timeout is a number of milliseconds
 * from now, at least 0; `Infinity` means no deadline. Anything else (NaN, a
 * negative number, a string) is the caller's mistake, refused before anything
 * is sent: an invalid value must never reach the wire, where RabbitMQ would
 * close the shared channel over a bad `expiration`.
 */

/** The deadline (ms since the epoch, or `Infinity`) of a timeout given as `what`, or `defaultMs` when it is undefined. */
export function deadlineAfter(timeoutMs: unknown, defaultMs: number, what: string): number {
  const ms = timeoutMs === undefined ? defaultMs : timeoutMs;
  if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) {
    throw new InvalidArgumentError(`${what}: timeoutMs must be a number of milliseconds, at least 0, or Infinity; got ${describe(ms)}`);
  }
  return ms === Infinity ? Infinity : Date.now() + ms;
}

/** RabbitMQ refuses a per-message TTL above 2^32-1 ms, closing the channel that sent it. */
const maxExpirationMs = 4294967295;

/**
 * The AMQP `expiration` for a request that must be answered by `deadline`:
 * the remaining milliseconds (at least 1), or undefined (no expiration) for
 * no deadline or one further away than RabbitMQ accepts.
 */
export function expirationFor(deadline: number): string | undefined {
  if (deadline === Infinity) return undefined;
  const remaining = Math.max(1, Math.ceil(deadline - Date.now()));
  return remaining > maxExpirationMs ? undefined : String(remaining);
}

/** How a value looks in an error message. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null || value === undefined) return String(value);
  return `a ${typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value}`;
}
