/** Exponential backoff with jitter, as used for reconnects and retries. */
export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialDelayMs: number;
  /** Cap on any delay. */
  readonly maxDelayMs: number;
  /** Growth per attempt. */
  readonly factor: number;
  /** Spread, 0..1: each delay is scaled by a random factor in [1 - jitter, 1 + jitter] (then capped). */
  readonly jitter: number;
}

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.factor ** Math.max(0, attempt - 1));
  const spread = 1 + o.jitter * (2 * Math.random() - 1);
  return Math.max(0, Math.min(o.maxDelayMs, Math.round(base * spread)));
}
