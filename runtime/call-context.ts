import type { MessageProperties } from "amqplib";
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
  /** Fires at the deadline and when the server shuts down past its drain time. */
  readonly signal: AbortSignal;
  /** True if the broker delivered this request before (a server died holding it). */
  readonly redelivered: boolean;
  /** The request's raw AMQP properties (headers, reply_to, ...). */
  readonly properties: MessageProperties;
}

/** What a handler returns: the response, partial objects allowed as with `fromPartial`. */
export type HandlerResult<T> = DeepPartial<T> | Promise<DeepPartial<T>>;
