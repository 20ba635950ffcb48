import { isRetryable } from "../errors.js";
import type { RetryPolicy } from "../retry-policy.js";
import { backoffDelay } from "../util/backoff.js";

/**
 * Runs a call's attempts under its retry policy, whatever carries them.
 * Each attempt ends at the call's deadline, or sooner under
 * `attemptTimeoutMs`; only retryable errors are tried again, at most
 * `maxAttempts` times in all, after a jittered backoff `pause`, and never
 * when the pause would end past the deadline (the caller stops waiting then).
 */
export async function retryLoop<Res>(deadline: number, retry: RetryPolicy, attempt: (attemptEnd: number) => Promise<Res>, pause: (ms: number) => Promise<void>): Promise<Res> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(attemptDeadline(deadline, retry));
    } catch (error) {
      if (!isRetryable(error) || n >= (retry.maxAttempts ?? Infinity)) throw error;
      const delayMs = backoffDelay(n, {
        initialDelayMs: retry.initialDelayMs ?? 100,
        maxDelayMs: retry.maxDelayMs ?? 5000,
        factor: retry.factor ?? 2,
        jitter: 0.2,
      });
      if (Date.now() + delayMs >= deadline) throw error;
      await pause(delayMs);
    }
  }
}

/** When one attempt gives up: the deadline, or earlier under a retry policy's attempt timeout. */
function attemptDeadline(deadline: number, retry: RetryPolicy): number {
  const perAttempt = retry.attemptTimeoutMs;
  return perAttempt === undefined ? deadline : Math.min(deadline, Date.now() + perAttempt);
}
