/** Options of `bus.serve()`. */
export interface ServeOptions {
  /**
   * Requests handled at once; also the channel's prefetch, so the broker
   * never pushes more than this to one server. Default 32.
   */
  readonly concurrency?: number;
  /** Larger requests get an error reply without being decoded. Default 64 MiB. */
  readonly maxRequestBytes?: number;
  /** Requests whose header table is larger get an error reply. Default 16 KiB. */
  readonly maxHeaderBytes?: number;
  /**
   * How long `stop()` or `bus.close()` lets running handlers finish before
   * firing their abort signal; one second later the server closes whatever
   * still runs. Default 10000 ms.
   */
  readonly drainTimeoutMs?: number;
}
