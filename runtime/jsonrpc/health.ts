import type { Bus, QueueStatus } from "../bus.js";
import type { JsonObject } from "../json/json-value.js";
import type { ServiceSchema } from "../schema/service-schema.js";

/** `GET /health`: HTTP 200 when the broker is connected and every service has a consumer, else 503; the body says which. */
export interface HealthReport {
  readonly status: 200 | 503;
  readonly body: JsonObject;
}

/**
 * Checks the broker connection and, through passive declarations, the
 * consumers of each service's queue. Concurrent checks share one round of
 * declarations, so polling cannot multiply the broker's work.
 */
export function healthCheck(bus: Bus, services: readonly ServiceSchema[]): () => Promise<HealthReport> {
  let running: Promise<HealthReport> | undefined;
  return () => {
    running ??= check(bus, services).finally(() => {
      running = undefined;
    });
    return running;
  };
}

async function check(bus: Bus, services: readonly ServiceSchema[]): Promise<HealthReport> {
  const state = bus.state;
  if (state !== "ready") return { status: 503, body: { status: "down", broker: state, services: {} } };
  const entries = await Promise.all(services.map(async (service) => [service, await statusOf(bus, service.routingKey)] as const));
  const body: JsonObject = {};
  let healthy = true;
  for (const [service, status] of entries) {
    if (typeof status === "string") {
      healthy = false;
      body[service.name] = { queue: service.routingKey, error: status };
    } else {
      if (status === undefined || status.consumers === 0) healthy = false;
      body[service.name] = { queue: service.routingKey, exists: status !== undefined, consumers: status?.consumers ?? 0, messages: status?.messages ?? 0 };
    }
  }
  return { status: healthy ? 200 : 503, body: { status: healthy ? "ok" : "degraded", broker: state, services: body } };
}

async function statusOf(bus: Bus, queue: string): Promise<QueueStatus | undefined | string> {
  try {
    return await bus.queueStatus(queue);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
