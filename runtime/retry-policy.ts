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
