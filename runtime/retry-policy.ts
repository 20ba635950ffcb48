import { describe } from "./deadline.js";
import { InvalidArgumentError } from "./errors.js";

/**
 * When and how a call is re-sent. A retry goes out with a fresh correlation id
 * (so a late reply to an earlier attempt is dropped) and never after the
 * call's deadline. Only retryable errors are retried: a lost connection, an
 * attempt timeout, a service with no queue yet.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default: as many as the deadline allows. */
  readonly maxAttempts?: number;
  /** How long one attempt waits for its reply before it is re-sent. Default: the whole remaining deadline. */
  readonly attemptTimeoutMs?: number;
  /** Pause before the first retry. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Longest pause between attempts. Default 5000 ms. */
  readonly maxDelayMs?: number;
  /** Growth of the pause per attempt. Default 2. */
  readonly factor?: number;
}

/** Refuses a policy whose numbers cannot work (NaN, negative, zero attempts) before anything is sent. */
export function checkRetryPolicy(policy: RetryPolicy, what: string): void {
  const bad = (key: keyof RetryPolicy, ok: (v: number) => boolean, expected: string) => {
    const value: unknown = policy[key];
    if (value !== undefined && !(typeof value === "number" && ok(value))) {
      throw new InvalidArgumentError(`${what}: retry.${key} must be ${expected}; got ${describe(value)}`);
    }
  };
  bad("maxAttempts", (v) => v >= 1 && (Number.isInteger(v) || v === Infinity), "a whole number of at least 1, or Infinity");
  bad("attemptTimeoutMs", (v) => v > 0, "a number of milliseconds above 0");
  bad("initialDelayMs", (v) => v >= 0 && Number.isFinite(v), "a finite number of milliseconds, at least 0");
  bad("maxDelayMs", (v) => v >= 0 && Number.isFinite(v), "a finite number of milliseconds, at least 0");
  bad("factor", (v) => v >= 1 && Number.isFinite(v), "a finite number of at least 1");
}
