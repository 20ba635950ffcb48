import type { ConsumeMessage } from "amqplib";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";
import { CONTENT_TYPE } from "../topology.js";
import { plainBytes } from "../wire/bytes.js";
import { decodeEnvelope } from "../wire/envelope.js";
import { headerTableSize } from "./header-size.js";

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
export function readRequest(service: ServiceDefinition, message: ConsumeMessage, limits: RequestLimits): ReadRequest {
  const { replyTo, correlationId } = message.properties as { replyTo: unknown; correlationId: unknown };
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
  const headerBytes = headerTableSize(message.properties.headers);
  if (headerBytes > limits.maxHeaderBytes) {
    return { kind: "bad", reason: `request headers of about ${headerBytes} bytes exceed the limit of ${limits.maxHeaderBytes} bytes` };
  }
  let member;
  try {
    member = decodeEnvelope(plainBytes(message.content));
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
    return { kind: "call", method, request: method.requestType.decode(member.body) };
  } catch (error) {
    return { kind: "bad", reason: `received bad message: ${method.name} does not decode (${errorText(error)})` };
  }
}

/**
 * When the caller stops waiting (ms since the epoch): the request's
 * `expiration` (a TTL in ms, as every Koinos client sets it) counted from
 * `arrival`; undefined when it has none.
 */
export function requestDeadline(message: ConsumeMessage, arrival: number): number | undefined {
  const expiration: unknown = message.properties.expiration;
  const ttl = typeof expiration === "string" ? Number(expiration) : Number.NaN;
  return Number.isFinite(ttl) && ttl >= 0 ? arrival + ttl : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
