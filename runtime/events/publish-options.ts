/** Options of `bus.publish()` and `bus.publishRaw()`. */
export interface PublishOptions {
  /**
   * Wait for the broker to confirm it took the event (publisher confirms),
   * for callers that need to know it was not lost on the way. Default false.
   */
  readonly confirm?: boolean;
  /** How long the publish may wait for a connection, a full buffer to drain, or a confirm. Default 5000 ms. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Extra AMQP headers. */
  readonly headers?: Readonly<Record<string, string | number | boolean>>;
}
