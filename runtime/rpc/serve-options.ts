/** Options of `bus.serve()`. */
export interface ServeOptions {
  /**
   * Requests handled at once; the channel's prefetch is twice this, so the
   * broker never pushes more than that to one server. Default 32.
   */
  readonly concurrency?: number;
  /**
   * Larger requests get an error reply without being decoded. Default 64 MiB.
   * This does not bound memory: the AMQP client assembles a whole message
   * before the server sees it. The broker's `max_message_size` does.
   */
  readonly maxRequestBytes?: number;
  /** Requests whose header table is larger get an error reply. Default 16 KiB. */
  readonly maxHeaderBytes?: number;
  /**
   * How long `stop()` or `bus.close()` lets running handlers finish before
   * firing their abort signal; one second later the server closes whatever
   * still runs. Default 10000 ms.
   */
  readonly drainTimeoutMs?: number;
  /**
   * How long `serve()` may wait for the consumer to be up, e.g. while the
   * broker is away; then it rejects with ConnectionLostError. Default: no
   * limit (it still rejects at once when the bus closes or gives up).
   */
  readonly readyTimeoutMs?: number;
  /** Aborts waiting for the consumer to be up; after `serve()` resolved it does nothing (use `stop()`). */
  readonly signal?: AbortSignal;
}
