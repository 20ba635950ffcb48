import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";
import { CONTENT_TYPE } from "../topology.js";
import { plainBytes } from "../wire/bytes.js";
import { decodeMessage } from "../wire/decode-message.js";
import { decodeEnvelope } from "../wire/envelope.js";
import { headerDepthProblem, measureHeaders } from "../wire/header-size.js";
import type { IncomingRequest } from "./incoming-request.js";

/** Limits a server puts on requests before decoding them. */
export interface RequestLimits {
  readonly maxBytes: number;
  readonly maxHeaderBytes: number;
}

/** What a request delivery turned out to be. */
export type ReadRequest =
  | { readonly kind: "call"; readonly method: MethodDefinition; readonly request: unknown }
  | { readonly kind: "reserved" }
  | { readonly kind: "bad"; readonly reason: string };

/**
 * Checks and decodes a request delivery: content type, size, envelope,
 * member, and the member's message. Never throws: whatever is wrong becomes
 * a reason the server sends back in an error reply.
 */
export function readRequest(service: ServiceDefinition, message: IncomingRequest, limits: RequestLimits): ReadRequest {
  const { replyTo, correlationId } = message.properties;
  if (typeof replyTo !== "string" || replyTo === "") return { kind: "bad", reason: "the request has no reply_to, so it cannot be answered" };
  if (typeof correlationId !== "string" || correlationId === "") return { kind: "bad", reason: "the request has no correlation_id" };
  const contentType: unknown = message.properties.contentType;
  if (contentType !== CONTENT_TYPE) {
    const got = typeof contentType === "string" ? `"${contentType}"` : "none";
    return { kind: "bad", reason: `unsupported content type ${got}: requests must be ${CONTENT_TYPE} (protobuf)` };
  }
  if (message.content.length > limits.maxBytes) {
    return { kind: "bad", reason: `request of ${message.content.length} bytes exceeds the limit of ${limits.maxBytes} bytes` };
  }
  const headers = measureHeaders(message.properties.headers);
  if (headers.bytes > limits.maxHeaderBytes) {
    return { kind: "bad", reason: `request headers of about ${headers.bytes} bytes exceed the limit of ${limits.maxHeaderBytes} bytes` };
  }
  const tooDeep = headerDepthProblem(headers);
  if (tooDeep !== undefined) return { kind: "bad", reason: `request ${tooDeep}` };
  let member;
  try {
    member = decodeEnvelope(plainBytes(message.content), (field) => field === service.reservedField?.request || service.byRequestField.has(field));
  } catch (error) {
    return { kind: "bad", reason: `received bad message: not a ${service.requestEnvelope} (${errorText(error)})` };
  }
  if (member === undefined) {
    return { kind: "bad", reason: `expected request was nil: ${service.requestEnvelope} has no member set` };
  }
  if (member.field === service.reservedField?.request) return { kind: "reserved" };
  const method = service.byRequestField.get(member.field);
  if (method === undefined) {
    return { kind: "bad", reason: `attempted to call unknown rpc: field ${member.field} of ${service.requestEnvelope}` };
  }
  try {
    return { kind: "call", method, request: decodeMessage(method.requestType, member.body) };
  } catch (error) {
    return { kind: "bad", reason: `received bad message: ${method.name} does not decode (${errorText(error)})` };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
