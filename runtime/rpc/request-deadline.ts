import type { IncomingRequest } from "./incoming-request.js";
import { DEADLINE_HEADER } from "../topology.js";

/**
 * When the caller stops waiting (ms since the epoch): the absolute deadline
 * our clients send in the `x-koinos-deadline` header when there is one;
 * otherwise the request's `expiration` (a TTL in ms, as every Koinos client
 * sets it) counted from `arrival`, the best a server can do since RabbitMQ
 * counts it from when the request was queued; undefined when it has neither.
 */
export function requestDeadline(properties: IncomingRequest["properties"], arrival: number): number | undefined {
  const headers = properties.headers;
  const header: unknown = typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>)[DEADLINE_HEADER] : undefined;
  const absolute = typeof header === "number" ? header : typeof header === "string" ? Number(header) : Number.NaN;
  if (Number.isFinite(absolute) && absolute > 0) return absolute;
  const expiration: unknown = properties.expiration;
  const ttl = typeof expiration === "string" ? Number(expiration) : Number.NaN;
  return Number.isFinite(ttl) && ttl >= 0 ? arrival + ttl : undefined;
}
