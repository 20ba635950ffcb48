import { camelCase, pascalCase, upperSnakeCase } from "./case.js";

/** `koinos.block.accept` -> `KOINOS_BLOCK_ACCEPT_TOPIC`. */
export function topicConstantName(topic: string): string {
  return `${upperSnakeCase(topic)}_TOPIC`;
}

/** `koinos.event.{contract}.{name}` -> `koinosEventTopic` and `koinosEventPattern`, from its fixed words. */
export function topicBuilderNames(topic: string): { readonly topic: string; readonly pattern: string } {
  const fixed = topic.split(".").filter((w) => !w.startsWith("{"));
  const stem = camelCase(fixed.join("_")) || "event";
  return { topic: `${stem}Topic`, pattern: `${stem}Pattern` };
}

/** The default map name: the package's first word, `koinos.broadcast` -> `KoinosEvents`. */
export function defaultEventMapName(packageName: string): string {
  return `${pascalCase(packageName.split(".")[0] ?? "") || "Proto"}Events`;
}

/** The event type alias of a map: `KoinosEvents` -> `KoinosEvent`. */
export function eventTypeName(mapName: string): string {
  return mapName.endsWith("Events") ? mapName.substring(0, mapName.length - 1) : `${mapName}Event`;
}
