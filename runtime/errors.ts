import type { MessageType } from "./message-type.js";
import type { AnyDetail } from "./wire/error-status.js";

/** What went wrong, for `switch (error.code)`. */
export type ErrorCode =
  | "RPC_ERROR"
  | "TIMEOUT"
  | "ABORTED"
  | "CONNECTION_LOST"
  | "NO_ROUTE"
  | "UNEXPECTED_RESPONSE"
  | "CLOSED"
  | "OVERLOADED"
  | "INVALID_ARGUMENT"
  | "DECLARATION_REFUSED"
  | "JSONRPC_REFUSED";

/** Base of every error this library raises. */
export abstract class KoinosMqError extends Error {
  abstract readonly code: ErrorCode;
  /** True if the same call may succeed when tried again (retry policies retry only these). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface RpcErrorInit {
  /** JSON text with more detail (Koinos C++ services put the exception JSON here). */
  readonly data?: string;
  /** Packed messages, e.g. koinos.chain.error_details. */
  readonly details?: readonly AnyDetail[];
  /** `chain.get_head_info`, on errors a client received. */
  readonly method?: string;
}

/**
 * The service answered with its `error` member (koinos.rpc.error_status).
 * Servers may throw one to choose the data and details of the error reply.
 */
export class RpcError extends KoinosMqError {
  readonly code = "RPC_ERROR";
  readonly retryable = false;
  readonly data: string;
  readonly details: readonly AnyDetail[];
  readonly method: string | undefined;
  /** The service's own message, without the method prefix. */
  readonly reason: string;

  constructor(message: string, init: RpcErrorInit = {}) {
    super(init.method === undefined ? message : `${init.method}: ${message}`);
    this.data = init.data ?? "";
    this.details = init.details ?? [];
    this.method = init.method;
    this.reason = message;
  }

  /** The `code` in `data` when it is JSON with a numeric code (koinos.chain.error_code). */
  get errorCode(): number | undefined {
    try {
      const parsed: unknown = JSON.parse(this.data);
      const code = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)["code"] : undefined;
      return typeof code === "number" ? code : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Decodes the first detail packed as `typeName` (e.g. `koinos.chain.error_details`)
   * with its message type, or returns undefined if there is none.
   */
  unpack<T>(typeName: string, type: MessageType<T>): T | undefined {
    const detail = this.details.find((d) => d.typeUrl.substring(d.typeUrl.lastIndexOf("/") + 1) === typeName);
    return detail === undefined ? undefined : type.decode(detail.value);
  }
}

/** No reply came before the deadline. */
export class RpcTimeoutError extends KoinosMqError {
  readonly code = "TIMEOUT";
  readonly retryable = true;
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class RpcAbortedError extends KoinosMqError {
  readonly code = "ABORTED";
  readonly retryable = false;
}

/** The connection or channel that would carry the reply was lost; the call may be sent again. */
export class ConnectionLostError extends KoinosMqError {
  readonly code = "CONNECTION_LOST";
  readonly retryable = true;
}

/** No queue is bound for the service's routing key: the service has never started on this broker. */
export class NoRouteError extends KoinosMqError {
  readonly code = "NO_ROUTE";
  readonly retryable = true;
}

/** The reply set neither the method's member nor `error`, or could not be decoded. */
export class UnexpectedResponseError extends KoinosMqError {
  readonly code = "UNEXPECTED_RESPONSE";
  readonly retryable = false;
}

/** The bus is closed or closing. */
export class BusClosedError extends KoinosMqError {
  readonly code = "CLOSED";
  readonly retryable = false;
}

/** A bounded buffer is full (too many calls in flight, or the broker is away too long). */
export class OverloadedError extends KoinosMqError {
  readonly code = "OVERLOADED";
  readonly retryable = true;
}

/**
 * What the caller passed cannot be used: options out of range, a request
 * that does not encode, JSON that is not Koinos JSON of the type. Sending
 * the same again fails the same way.
 */
export class InvalidArgumentError extends KoinosMqError {
  readonly code = "INVALID_ARGUMENT";
  readonly retryable = false;
}

/**
 * The broker refused to declare, bind or consume what the Koinos topology
 * needs, e.g. a queue `koinos.rpc.chain` that exists with other arguments
 * (RabbitMQ's PRECONDITION_FAILED) or a vhost the user may not use. The
 * message names the queue or exchange and what differs.
 */
export class DeclarationError extends KoinosMqError {
  readonly code = "DECLARATION_REFUSED";
  readonly retryable = false;
}

/**
 * A JSON-RPC node refused the request before any service saw it: a method
 * it does not know or does not allow (-32601), params it could not parse
 * (-32601 `parameters could not be parsed`), a request too large (-32602),
 * or one it could not read (-32700, -32600). `jsonRpcCode` and `data` are
 * the node's.
 */
export class JsonRpcError extends KoinosMqError {
  readonly code = "JSONRPC_REFUSED";
  readonly retryable = false;
  /** The JSON-RPC error code, e.g. -32601. */
  readonly jsonRpcCode: number;
  /** The error's `data`, e.g. `method blacklisted`; empty when it had none. */
  readonly data: string;

  constructor(message: string, jsonRpcCode: number, data: string) {
    super(message);
    this.jsonRpcCode = jsonRpcCode;
    this.data = data;
  }
}

/** True for errors that a retry may cure. */
export function isRetryable(error: unknown): boolean {
  return error instanceof KoinosMqError && error.retryable;
}
