import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { WireType } from "@bufbuild/protobuf/wire";
import { StrictReader } from "./strict-reader.js";

/** How deep messages may nest: protobuf-es's own default recursion limit. */
const maxDepth = 100;

/** The message held by each length-delimited field number of a message, where it holds one. */
type NestedMessages = (field: number) => NestedMessages | undefined;

/**
 * Throws if `bytes`, read as a `schema` message, hold a tag or a length over
 * 32 bits anywhere, nested messages included: protobuf-es's `fromBinary`
 * keeps the low 32 bits of such a length (see StrictReader) and cannot be
 * handed a stricter reader, so its input is walked once beforehand.
 */
export function checkLengths(schema: DescMessage, bytes: Uint8Array): void {
  walk(nestedMessages(schema), new StrictReader(bytes), bytes.length, 0);
}

function walk(nested: NestedMessages, reader: StrictReader, end: number, depth: number): void {
  if (depth > maxDepth) throw new Error("maximum recursion depth reached");
  while (reader.pos < end) {
    const [number, wireType] = reader.tag();
    if (wireType !== WireType.LengthDelimited) {
      // The strict reader skips groups, and the lengths inside them, strictly too.
      reader.skip(wireType, number);
      continue;
    }
    const bodyEnd = reader.uint32() + reader.pos;
    if (bodyEnd > end) throw new RangeError("premature EOF");
    const inner = nested(number);
    if (inner === undefined) reader.pos = bodyEnd;
    else walk(inner, reader, bodyEnd, depth + 1);
  }
  if (reader.pos !== end) throw new RangeError("premature EOF");
}

const cache = new WeakMap<DescMessage, NestedMessages>();

function nestedMessages(schema: DescMessage): NestedMessages {
  let nested = cache.get(schema);
  if (nested === undefined) {
    const fields = new Map(schema.fields.map((f) => [f.number, f]));
    nested = (number) => held(fields.get(number));
    cache.set(schema, nested);
  }
  return nested;
}

/** What a field holds when it holds messages: a message, or map entries whose value (field 2) is one. */
function held(field: DescField | undefined): NestedMessages | undefined {
  if (field === undefined) return undefined;
  if (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) return nestedMessages(field.message);
  if (field.fieldKind === "map" && field.mapKind === "message") {
    const value = field.message;
    return (number) => (number === 2 ? nestedMessages(value) : undefined);
  }
  return undefined;
}
