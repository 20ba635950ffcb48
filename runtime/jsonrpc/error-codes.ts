/**
 * The error codes, messages and data texts of koinos-jsonrpc v1.2.0
 * (internal/jsonrpc.go), which clients match on: koilib's
 * `sendTransaction` treats the data `rpc failed, context deadline
 * exceeded` as "maybe submitted".
 */
export const JsonRpcErrorCode = {
  /** Not JSON, an empty body, an array (when batches are off), not an object. */
  PARSE_ERROR: -32700,
  /** No or a bad `id`, `jsonrpc` other than "2.0". */
  INVALID_REQUEST: -32600,
  /** Unknown service or method, not allowed by the access lists, params that do not parse. */
  METHOD_NOT_FOUND: -32601,
  /** The request is over the size limit. */
  INVALID_PARAMS: -32602,
  /** The bus call failed, the service answered an error, or the answer was unexpected. */
  INTERNAL_ERROR: -32603,
} as const;

export const messages = {
  parse: "Unable to parse request",
  invalidRequest: "Invalid request",
  translate: "Unable to translate request",
  tooLarge: "Request exceeds maximum message size",
  internal: "An internal server error has occurred",
  unexpected: "Unexpected response",
} as const;

/** The data texts, Go's error values. */
export const reasons = {
  malformedMethod: "methods should be in the format service_name.method_name",
  invalidService: "invalid service name provided",
  unknownMethod: "unknown method",
  invalidParams: "parameters could not be parsed",
  invalidVersion: "invalid or missing JSON RPC version was specified",
  invalidId: "invalid ID was specified",
  missingId: "missing ID",
  fractionalId: "ID must not contain fractional parts",
  unsupportedId: "an ID must be a Number (non-fractional), String, or Null",
  notWhitelisted: "method not whitelisted",
  blacklisted: "method blacklisted",
  deadline: "rpc failed, context deadline exceeded",
} as const;
