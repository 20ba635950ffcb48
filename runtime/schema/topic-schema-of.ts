import { topicMatcher } from "../events/topic-pattern.js";
import type { TopicSchema } from "./schemas-from-files.js";

const routes = new WeakMap<readonly TopicSchema[], (topic: string) => TopicSchema | undefined>();

/**
 * The topic a concrete topic falls under, as the generated event maps
 * route it: an exact topic first (`koinos.block.accept`), then the first
 * parameterised one whose key matches (`koinos.event.1Ab….transfer` is
 * `koinos.event.{contract}.{name}`); undefined if none does.
 */
export function topicSchemaOf(topics: readonly TopicSchema[], topic: string): TopicSchema | undefined {
  let route = routes.get(topics);
  if (route === undefined) {
    const exact = new Map(topics.filter((t) => t.params.length === 0).map((t) => [t.topic, t] as const));
    const patterns = topics.filter((t) => t.params.length > 0).map((t) => ({ matches: topicMatcher(t.key), schema: t }));
    route = (name) => exact.get(name) ?? patterns.find((p) => p.matches(name))?.schema;
    routes.set(topics, route);
  }
  return route(topic);
}
