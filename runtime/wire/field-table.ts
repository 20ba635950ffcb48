/**
 * How deep tables and arrays may nest in a message's headers: the headers
 * table is level 0, a table or array in it level 1, and so on. Deeper ones
 * decode as a TruncatedHeaderValue. Real headers nest two or three levels
 * (RabbitMQ's `x-death` is an array of tables).
 */
export const maxHeaderDepth = 32;

/**
 * What a table or array nested deeper than `maxHeaderDepth` in the headers
 * decodes to: its kind and how many bytes it took on the wire (length prefix
 * included), in amqplib's `{ "!": type, value }` form for typed values, so
 * that amqplib refuses to publish it again rather than sending something else.
 */
export interface TruncatedHeaderValue {
  readonly "!": "truncated";
  readonly value: { readonly type: "table" | "array"; readonly bytes: number };
}

/**
 * Decodes an AMQP field table (the encoding of message headers) as amqplib
 * 2.3.1's `decodeFields` does, value for value, but with its nesting
 * bounded: amqplib recurses once per level, so a table nested about 4,000
 * deep overflows the stack inside its frame parser and takes the connection
 * down. Here recursion stops at `maxHeaderDepth`, deeper values are skipped
 * by their length prefix, and nothing downstream (header-size checks,
 * tracing propagators, loggers) meets a deeper object. Unlike amqplib, a key
 * `__proto__` is an own property rather than the table's prototype, and a
 * value running past the end of the table throws.
 */
export function decodeFieldTable(bytes: Buffer): Record<string, unknown> {
  return table({ bytes, at: 0 }, bytes.length, 0);
}

interface Cursor {
  readonly bytes: Buffer;
  at: number;
}

function table(c: Cursor, end: number, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  while (c.at < end) {
    const keyLength = c.bytes.readUInt8(advance(c, 1, end));
    const keyAt = advance(c, keyLength, end);
    const key = c.bytes.toString("utf8", keyAt, c.at);
    const value = fieldValue(c, end, depth);
    if (key === "__proto__") Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
    else fields[key] = value;
  }
  return fields;
}

function fieldValue(c: Cursor, end: number, depth: number): unknown {
  const b = c.bytes;
  const tag = String.fromCharCode(b.readUInt8(advance(c, 1, end)));
  switch (tag) {
    case "b":
      return b.readInt8(advance(c, 1, end));
    case "B":
      return b.readUInt8(advance(c, 1, end));
    case "s":
      return b.readInt16BE(advance(c, 2, end));
    case "u":
      return b.readUInt16BE(advance(c, 2, end));
    case "I":
      return b.readInt32BE(advance(c, 4, end));
    case "i":
      return b.readUInt32BE(advance(c, 4, end));
    case "l":
      return Number(b.readBigInt64BE(advance(c, 8, end)));
    case "f":
      return b.readFloatBE(advance(c, 4, end));
    case "d":
      return b.readDoubleBE(advance(c, 8, end));
    case "t":
      return b.readUInt8(advance(c, 1, end)) !== 0;
    case "V":
      return null;
    case "T":
      return { "!": "timestamp", value: Number(b.readBigUInt64BE(advance(c, 8, end))) };
    case "D": {
      const at = advance(c, 5, end);
      return { "!": "decimal", value: { places: b.readUInt8(at), digits: b.readUInt32BE(at + 1) } };
    }
    case "S": {
      const at = lengthPrefixed(c, end);
      return b.toString("utf8", at, c.at);
    }
    case "x": {
      const at = lengthPrefixed(c, end);
      return b.subarray(at, c.at);
    }
    case "F":
    case "A": {
      const at = lengthPrefixed(c, end);
      const contentEnd = c.at;
      if (depth + 1 > maxHeaderDepth) {
        const truncated: TruncatedHeaderValue = { "!": "truncated", value: { type: tag === "F" ? "table" : "array", bytes: 4 + contentEnd - at } };
        return truncated;
      }
      c.at = at;
      return tag === "F" ? table(c, contentEnd, depth + 1) : array(c, contentEnd, depth + 1);
    }
    default:
      throw new TypeError(`Unexpected type tag "${tag}"`);
  }
}

function array(c: Cursor, end: number, depth: number): unknown[] {
  const values: unknown[] = [];
  while (c.at < end) values.push(fieldValue(c, end, depth));
  return values;
}

/** Moves the cursor past a 32-bit length and the bytes it announces; returns where those bytes start. */
function lengthPrefixed(c: Cursor, end: number): number {
  const length = c.bytes.readUInt32BE(advance(c, 4, end));
  return advance(c, length, end);
}

/** Moves the cursor `n` bytes on and returns where it was; throws if that passes `end`. */
function advance(c: Cursor, n: number, end: number): number {
  const at = c.at;
  if (at + n > end) throw new RangeError(`a header value runs past the end of its table (${n} bytes at byte ${at}, the table ends at ${end})`);
  c.at = at + n;
  return at;
}
