import { camelCase, pascalCase, upperSnakeCase } from "./case.js";
import { reservedWords } from "./reserved-words.js";

/** `koinos.block.accept` -> `KOINOS_BLOCK_ACCEPT_TOPIC`; `2fa.enabled` -> `_2FA_ENABLED_TOPIC`. */
export function topicConstantName(topic: string): string {
  return identifierStart(`${upperSnakeCase(topic)}_TOPIC`);
}

/**
 * `koinos.event.{contract}.{name}` -> `koinosEventTopic` and
 * `koinosEventPattern`, from its fixed words; characters a name cannot hold
 * separate words (`block-watch.{x}` -> `blockWatchTopic`).
 */
export function topicBuilderNames(topic: string): { readonly topic: string; readonly pattern: string } {
  const fixed = topic.split(".").filter((w) => !w.startsWith("{"));
  const stem = identifierStart(camelCase(fixed.join("_").replace(/[^A-Za-z0-9]+/g, "_")) || "event");
  return { topic: `${stem}Topic`, pattern: `${stem}Pattern` };
}

/** A name made of letters, digits and `_` that starts with a digit gets a `_` before it: topic words may start with one. */
function identifierStart(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Why `name`, given as a file's `(koinos_mq.event_map)`, cannot name the generated map, if it cannot. */
export function eventMapNameProblem(name: string): string | undefined {
  if (!/^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u.test(name)) return "it is not a JavaScript identifier";
  if (reservedWords.has(name)) return "it is a reserved word";
  return undefined;
}

/** The default map name: the package's first word, `koinos.broadcast` -> `KoinosEvents`. */
export function defaultEventMapName(packageName: string): string {
  return `${pascalCase(packageName.split(".")[0] ?? "") || "Proto"}Events`;
}

/** The event type alias of a map: `KoinosEvents` -> `KoinosEvent`. */
export function eventTypeName(mapName: string): string {
  return mapName.endsWith("Events") ? mapName.substring(0, mapName.length - 1) : `${mapName}Event`;
}
