import { RpcError } from "../errors.js";
import type { ServiceDefinition } from "../service-definition.js";
import { encodeEnvelope } from "../wire/envelope.js";
import { encodeErrorStatus } from "../wire/error-status.js";

/** A response envelope whose `error` member says `message` (plus data and details when an RpcError is given). */
export function errorReply(service: ServiceDefinition, message: string, error?: RpcError): Buffer {
  const status = { message, data: error?.data ?? "", details: error?.details ?? [] };
  return encodeEnvelope(service.errorField, encodeErrorStatus(status));
}

/** The error reply for what a handler threw: an RpcError's own message, data and details, else the error's message. */
export function thrownReply(service: ServiceDefinition, thrown: unknown): Buffer {
  if (thrown instanceof RpcError) return errorReply(service, thrown.reason, thrown);
  if (thrown instanceof Error && thrown.message !== "") return errorReply(service, thrown.message);
  return errorReply(service, "unexpected error while handling rpc");
}

/** `reserved {}` on the response's reserved member: the answer to the C++ services' startup ping. */
export function reservedReply(field: number): Buffer {
  return encodeEnvelope(field, new Uint8Array(0));
}
