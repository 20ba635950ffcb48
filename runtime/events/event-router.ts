import type { MessageType } from "../message-type.js";
import { topicMatcher } from "./topic-pattern.js";
import type { EventMap } from "./topic-types.js";

/** Finds the message type of a delivered topic: exact keys first, then pattern keys in map order. */
export interface EventRouter {
  typeOf(topic: string): MessageType<unknown> | undefined;
}

const routers = new WeakMap<EventMap, EventRouter>();

/** The router of `map`, compiled once per map object. */
export function eventRouter(map: EventMap): EventRouter {
  let router = routers.get(map);
  if (router === undefined) {
    router = compile(map);
    routers.set(map, router);
  }
  return router;
}

function compile(map: EventMap): EventRouter {
  const exact = new Map<string, MessageType<unknown>>();
  const patterns: { matches: (topic: string) => boolean; type: MessageType<unknown> }[] = [];
  for (const [key, type] of Object.entries(map)) {
    if (key.split(".").some((w) => w === "*" || w === "#")) patterns.push({ matches: topicMatcher(key), type });
    else exact.set(key, type);
  }
  return {
    typeOf: (topic) => exact.get(topic) ?? patterns.find((p) => p.matches(topic))?.type,
  };
}
