import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { JsonValue } from "../runtime/json/json-value.js";
import { usageError } from "./cli-error.js";
import type { HelpRow } from "./help-rows.js";
import { JsonObjectSplitter, type JsonObjectText } from "./json-object-splitter.js";

/** One JSON object of the input, and where it came from for messages (`stdin line 3`). */
export interface JsonInput {
  readonly value: JsonValue;
  readonly where: string;
}

/** Help row of the JSON argument. */
export const jsonInputRow: HelpRow = [
  "<json> | @file | @-",
  "Koinos JSON inline ('{\"account\":\"1Ab...\"}'), from a file, or from stdin; " +
    "each JSON object of a file or of stdin (one per line, or spread over lines) is one more, handled as it arrives",
];

/**
 * The JSON objects an argument gives: inline text, `@file`, or `@-` for
 * stdin, read as they arrive (so `... | koinos-mq call m @-` acts on each
 * line at once). Without an argument, `empty` (when given) is the one input.
 */
export async function* jsonInputs(argument: string | undefined, empty?: JsonValue): AsyncGenerator<JsonInput> {
  if (argument === undefined) {
    if (empty !== undefined) yield { value: empty, where: "the empty request" };
    return;
  }
  if (argument === "@-") {
    process.stdin.setEncoding("utf8");
    yield* fromStream(process.stdin, "stdin");
    return;
  }
  if (argument.startsWith("@")) {
    const path = argument.substring(1);
    const stream = createReadStream(path, { encoding: "utf8" });
    try {
      yield* fromStream(stream, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw usageError(`${argument}: no such file (use @- for stdin, or give the JSON inline)`, { cause: error });
      // The file's own errors (a directory, no permission); the CLI's refusals pass as they are.
      if (typeof code === "string") throw usageError(`${argument}: cannot read it (${(error as Error).message})`, { cause: error });
      throw error;
    } finally {
      stream.destroy();
    }
    return;
  }
  const splitter = new JsonObjectSplitter("the JSON argument");
  const texts = splitter.push(argument);
  splitter.end();
  if (texts.length === 0) throw usageError("the JSON argument is empty; give an object such as '{}'");
  for (const text of texts) yield parsed(text, texts.length === 1 ? "the JSON argument" : `the JSON argument line ${text.line}`);
}

async function* fromStream(stream: Readable, source: string): AsyncGenerator<JsonInput> {
  const splitter = new JsonObjectSplitter(source);
  for await (const chunk of stream) {
    for (const text of splitter.push(chunk as string)) yield parsed(text, `${source} line ${text.line}`);
  }
  splitter.end();
}

function parsed(text: JsonObjectText, where: string): JsonInput {
  try {
    return { value: JSON.parse(text.text) as JsonValue, where };
  } catch (error) {
    throw usageError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
