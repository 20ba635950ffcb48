import type { DeepPartial } from "../message-type.js";
import type { MethodDefinition } from "../service-definition.js";
import { encodeMessage } from "./encode-message.js";

/** Request envelopes of empty requests (`getHeadInfo({})`, the most common call), by method. */
const emptyBodies = new WeakMap<MethodDefinition, Buffer>();

/**
 * The request envelope for `request`: encoded, or for an empty plain object
 * the bytes encoded once for its method (they never change, and amqplib
 * copies what it sends, so one Buffer serves every call).
 */
export function requestBody<Req>(method: MethodDefinition<Req, unknown>, request: DeepPartial<Req>): Buffer {
  if (!isEmptyObject(request)) return encodeMessage(method.requestType, request, method.requestField);
  let body = emptyBodies.get(method as MethodDefinition);
  if (body === undefined) {
    body = encodeMessage(method.requestType, request, method.requestField);
    emptyBodies.set(method as MethodDefinition, body);
  }
  return body;
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}
