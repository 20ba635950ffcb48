import type { RetryPolicy } from "./retry-policy.js";

/** Options of one RPC call. */
export interface CallOptions {
  /** How long the whole call, retries included, may take. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Aborts the call; its promise rejects with an `RpcAbortedError`. */
  readonly signal?: AbortSignal;
  /** Re-send on retryable failures while the deadline allows. Default: no retry. */
  readonly retry?: RetryPolicy;
  /** Extra AMQP headers sent with the request. */
  readonly headers?: Readonly<Record<string, string | number | boolean>>;
}
