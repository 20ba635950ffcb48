import type { DeepPartial } from "./message-type.js";

/** What a server handler learns about the call it serves. */
export interface CallContext {
  /** The oneof member name of the method, e.g. `get_head_info`. */
  readonly method: string;
  readonly correlationId: string;
  /**
   * When the caller stops waiting (ms since the epoch): from the caller's
   * deadline header when it sent one, else from the request's `expiration`
   * counted from its arrival; undefined if it set neither.
   */
  readonly deadline: number | undefined;
  /** Fires at the deadline and when the server shuts down past its drain time or loses its connection. */
  readonly signal: AbortSignal;
  /** True if the broker delivered this request before (a server died holding it). */
  readonly redelivered: boolean;
  /** The request message's properties, the same on RabbitMQ and on the memory bus. */
  readonly properties: RequestProperties;
}

/**
 * The properties of a request message, as every bus fills them (on
 * RabbitMQ, from the AMQP basic properties).
 */
export interface RequestProperties {
  /**
   * The request's header table: the caller's own `headers`, trace context
   * (`traceparent`), `x-koinos-deadline`. Values as AMQP carries them:
   * strings, numbers, booleans, bytes, nested tables and arrays.
   */
  readonly headers: Readonly<Record<string, unknown>>;
  readonly correlationId: string;
  /** As `CallContext.deadline`. */
  readonly deadline: number | undefined;
  /** As `CallContext.redelivered`. */
  readonly redelivered: boolean;
  /** `application/octet-stream` for every request a server runs. */
  readonly contentType: string | undefined;
}

/** What a handler returns: the response, partial objects allowed as with `fromPartial`. */
export type HandlerResult<T> = DeepPartial<T> | Promise<DeepPartial<T>>;
