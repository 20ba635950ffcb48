import { maxHeaderDepth } from "./field-table.js";

/** The size and nesting of a message's headers. */
export interface HeaderMeasure {
  /** About how many bytes the table takes in AMQP's field-table encoding. */
  readonly bytes: number;
  /** How deep tables and arrays nest in it: 0 for a flat table. */
  readonly depth: number;
}

/**
 * Measures a header table (short-string keys, one type byte per value)
 * without recursion, so that a table nested thousands of levels deep is
 * measured like any other. A table or array the runtime's header decoding
 * cut off (see TruncatedHeaderValue) counts its bytes on the wire, one
 * level deeper than `maxHeaderDepth`.
 */
export function measureHeaders(headers: unknown): HeaderMeasure {
  if (typeof headers !== "object" || headers === null) return noHeaders;
  return measureFlat(headers as Record<string, unknown>) ?? measureNested(headers);
}

const noHeaders: HeaderMeasure = { bytes: 0, depth: 0 };

/** The usual table, of strings, numbers and booleans only, measured in one pass; undefined if it holds anything else. */
function measureFlat(table: Record<string, unknown>): HeaderMeasure | undefined {
  let bytes = 4;
  for (const key in table) {
    const item = table[key];
    bytes += 2 + Buffer.byteLength(key);
    if (typeof item === "string") bytes += 4 + Buffer.byteLength(item);
    else if (typeof item === "number") bytes += 8;
    else if (typeof item === "boolean") bytes += 1;
    else if (item !== undefined && item !== null) return undefined;
  }
  return { bytes, depth: 0 };
}

function measureNested(headers: object): HeaderMeasure {
  let bytes = 0;
  let depth = 0;
  const containers: { readonly value: object; readonly depth: number }[] = [{ value: headers, depth: 0 }];
  /** Counts a value after its type tag; a table or array is queued and counted when its turn comes. */
  const value = (item: unknown, level: number): void => {
    if (typeof item === "string") bytes += 4 + Buffer.byteLength(item);
    else if (typeof item === "number" || typeof item === "bigint") bytes += 8;
    else if (typeof item === "boolean") bytes += 1;
    else if (item instanceof Uint8Array) bytes += 4 + item.length;
    else if (typeof item !== "object" || item === null) return;
    else if (!("!" in item)) containers.push({ value: item, depth: level + 1 });
    else if (item["!"] === "truncated") {
      const wire = (item as { value?: { bytes?: unknown } }).value?.bytes;
      bytes += typeof wire === "number" ? wire : 4;
      depth = Math.max(depth, level + 1, maxHeaderDepth + 1);
    } else bytes += item["!"] === "decimal" ? 5 : 8;
  };
  for (let next = containers.pop(); next !== undefined; next = containers.pop()) {
    depth = Math.max(depth, next.depth);
    bytes += 4;
    if (Array.isArray(next.value)) {
      for (const item of next.value as unknown[]) {
        bytes += 1;
        value(item, next.depth);
      }
    } else {
      for (const [key, item] of Object.entries(next.value)) {
        bytes += 2 + Buffer.byteLength(key);
        value(item, next.depth);
      }
    }
  }
  return { bytes, depth };
}

/** Why headers cannot be taken whatever their size, if they cannot: nested deeper than `maxHeaderDepth`. */
export function headerDepthProblem(measure: HeaderMeasure): string | undefined {
  return measure.depth > maxHeaderDepth ? `headers nest tables or arrays deeper than ${maxHeaderDepth} levels` : undefined;
}
