import { ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { encodeBytes } from "./bytes-encoding.js";
import { doubleJson, floatJson } from "./floats.js";
import { int64String, sint64String, uint64String } from "./integers.js";
import type { JsonArray, JsonObject, JsonValue } from "./json-value.js";
import { mapKeySegment, PathError, rethrowAt } from "./path-error.js";
import { ENUM, LIST, MAP, MESSAGE, planOf, SINGULAR, subPlan, type FieldPlan, type MessagePlan } from "./plan.js";
import { anyTypeName } from "./well-known/any-type-url.js";
import { setKey } from "./set-key.js";
import { wellKnownToJson } from "./well-known/transform.js";
import { EGROUP, LEN, WireReader } from "./wire-reader.js";

/**
 * Protobuf bytes to Koinos JSON in one pass, without a message object in
 * between. Input need not be canonical: fields in any order, a singular
 * field repeated (the last wins; a message is merged), packed and unpacked
 * lists, defaults written explicitly (left out of the JSON), unknown fields
 * (skipped). Output keys are proto names in declaration order.
 */

/** What the walkers need besides the plan. */
export interface WalkContext {
  /** Resolves the types packed in google.protobuf.Any. */
  readonly resolve: (typeName: string) => DescMessage | undefined;
  readonly maxDepth: number;
}

export function binaryToJson(plan: MessagePlan, bytes: Uint8Array, ctx: WalkContext): JsonValue {
  const r = new WireReader(bytes);
  return readMessage(plan, r, bytes.length, 0, ctx);
}

/** A message's JSON: an object of its fields, or a well-known type's own form. */
function readMessage(plan: MessagePlan, r: WireReader, end: number, depth: number, ctx: WalkContext): JsonValue {
  if (depth > ctx.maxDepth) throw new PathError(`messages nested deeper than ${ctx.maxDepth}`);
  const kind = plan.wellKnown;
  if (kind === undefined) return readFields(plan, r, end, depth, ctx);
  if (kind === "any") return readAny(r, end, depth, ctx);
  return wellKnownToJson(kind, readFields(plan, r, end, depth, ctx), plan);
}

/** A value the slots hold for a singular message seen more than once: its chunks are merged at the end. */
const MERGE = Symbol("merge");
type Slot = JsonValue | typeof MERGE | undefined;

function readFields(plan: MessagePlan, r: WireReader, end: number, depth: number, ctx: WalkContext): JsonObject {
  const fields = plan.fields;
  const dense = plan.dense;
  const slots: Slot[] = new Array<Slot>(fields.length);
  let chunks: (Uint8Array[] | undefined)[] | undefined;
  const start = r.pos;
  while (r.pos < end) {
    const tagAt = r.pos;
    const number = r.tag(end);
    const wireType = r.lo;
    const f = number < dense.length ? dense[number] : plan.sparse.get(number);
    if (f === undefined) {
      if (wireType === EGROUP) throw new PathError(`unexpected end of group ${number}`);
      r.skip(wireType, number, end);
      continue;
    }
    try {
      if (f.card === SINGULAR) {
        if (wireType !== f.wireType) {
          // A known number with another wire type is an unknown field to Go.
          r.skip(wireType, number, end);
          continue;
        }
        if (f.oneof >= 0) {
          for (const other of plan.oneofMembers[f.oneof] as FieldPlan[]) {
            if (other !== f) {
              slots[other.index] = undefined;
              if (chunks !== undefined) chunks[other.index] = undefined;
            }
          }
        }
        if (f.type === MESSAGE) {
          if (slots[f.index] === undefined) {
            slots[f.index] = readMessageField(f, r, end, depth, ctx);
          } else {
            chunks ??= [];
            const list = (chunks[f.index] ??= earlierChunks(plan, f, r.buf, start, tagAt));
            list.push(messageBytes(f, r, end));
            slots[f.index] = MERGE;
          }
        } else if (f.type === ENUM) {
          const n = r.int32(end);
          const name = enumJson(f, n);
          slots[f.index] = name === undefined || (f.implicit && n === 0) ? undefined : name;
        } else {
          const v = readScalar(f.scalar, f, r, end);
          slots[f.index] = f.implicit && v === f.zero && !Object.is(v, -0) ? undefined : v;
        }
      } else if (f.card === LIST) {
        const list = (slots[f.index] ??= []) as JsonArray;
        try {
          if (wireType === LEN && f.packable) {
            const n = r.length(end);
            const stop = r.pos + n;
            while (r.pos < stop) pushElement(f, list, r, stop);
          } else if (wireType === f.wireType) {
            if (f.type === MESSAGE) list.push(readMessageField(f, r, end, depth, ctx));
            else pushElement(f, list, r, end);
          } else {
            r.skip(wireType, number, end);
          }
        } catch (error) {
          rethrowAt(error, list.length);
        }
      } else {
        if (wireType !== LEN) {
          r.skip(wireType, number, end);
          continue;
        }
        const map = (slots[f.index] ??= {}) as JsonObject;
        readMapEntry(f, map, r, r.length(end), depth, ctx);
      }
    } catch (error) {
      rethrowAt(error, f.name);
    }
  }
  const out: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const v = slots[i];
    if (v === undefined) continue;
    const f = fields[i] as FieldPlan;
    if (v === MERGE) {
      try {
        setKey(out, f.name, readMerged(f, (chunks as Uint8Array[][])[i] as Uint8Array[], depth, ctx));
      } catch (error) {
        rethrowAt(error, f.name);
      }
    } else if (f.card !== LIST || (v as JsonArray).length > 0) {
      // (A list stays empty when its only packed run was empty.)
      setKey(out, f.name, v);
    }
  }
  for (const f of plan.required) if (!(f.name in out)) throw new PathError(`required field ${f.name} is not set`);
  if (plan.hasMaps) sortMaps(plan.fields, out);
  return out;
}

/** A singular or list element message, length-delimited or a group. */
function readMessageField(f: FieldPlan, r: WireReader, end: number, depth: number, ctx: WalkContext): JsonValue {
  const sub = subPlan(f);
  if (!f.delimited) {
    const n = r.length(end);
    const stop = r.pos + n;
    const v = readMessage(sub, r, stop, depth + 1, ctx);
    r.pos = stop;
    return v;
  }
  const bodyStart = r.pos;
  const endTag = r.skipGroup(f.number, end);
  const after = r.pos;
  r.pos = bodyStart;
  const v = readMessage(sub, r, endTag, depth + 1, ctx);
  r.pos = after;
  return v;
}

/** The body of a message field (without its length or group tags), as a view. */
function messageBytes(f: FieldPlan, r: WireReader, end: number): Uint8Array {
  if (!f.delimited) return r.bytes(end);
  const bodyStart = r.pos;
  const endTag = r.skipGroup(f.number, end);
  return r.buf.subarray(bodyStart, endTag);
}

/**
 * The bodies of the earlier occurrences of a singular message field in
 * this message, since another member of its oneof last replaced it: they
 * are merged with the later ones (protobuf concatenation semantics).
 */
function earlierChunks(plan: MessagePlan, f: FieldPlan, buf: Uint8Array, start: number, stop: number): Uint8Array[] {
  const r = new WireReader(buf);
  r.pos = start;
  let found: Uint8Array[] = [];
  while (r.pos < stop) {
    const number = r.tag(stop);
    const wireType = r.lo;
    const g = number < plan.dense.length ? plan.dense[number] : plan.sparse.get(number);
    if (g === f && wireType === f.wireType) {
      found.push(messageBytes(f, r, stop));
      continue;
    }
    if (g !== undefined && f.oneof >= 0 && g.oneof === f.oneof && wireType === g.wireType) found = [];
    r.skip(wireType, number, stop);
  }
  return found;
}

function readMerged(f: FieldPlan, chunks: Uint8Array[], depth: number, ctx: WalkContext): JsonValue {
  let size = 0;
  for (const c of chunks) size += c.length;
  const joined = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  return readMessage(subPlan(f), new WireReader(joined), size, depth + 1, ctx);
}

function pushElement(f: FieldPlan, list: JsonArray, r: WireReader, end: number): void {
  if (f.type === ENUM) {
    const name = enumJson(f, r.int32(end));
    if (name !== undefined) list.push(name);
  } else {
    list.push(readScalar(f.scalar, f, r, end));
  }
}

/** An enum value's JSON: its name, or its number if the enum does not know it (open enums only). */
function enumJson(f: FieldPlan, n: number): string | number | null | undefined {
  const desc = f.enumDesc;
  if (desc === undefined) return n;
  if (desc.typeName === "google.protobuf.NullValue") return null;
  const value = desc.value[n];
  if (value !== undefined) return value.name;
  // A closed (proto2) enum keeps unknown numbers as unknown fields: not in JSON.
  return desc.open ? n : undefined;
}

function readScalar(scalar: ScalarType, f: FieldPlan, r: WireReader, end: number): JsonValue {
  switch (scalar) {
    case ScalarType.STRING:
      return r.string(end);
    case ScalarType.BYTES:
      return encodeBytes(r.bytes(end), f.bytes);
    case ScalarType.UINT64:
      r.varint(end);
      return uint64String(r.lo, r.hi);
    case ScalarType.INT64:
      r.varint(end);
      return int64String(r.lo, r.hi);
    case ScalarType.SINT64:
      r.varint(end);
      return sint64String(r.lo, r.hi);
    case ScalarType.FIXED64:
      r.fixed64(end);
      return uint64String(r.lo, r.hi);
    case ScalarType.SFIXED64:
      r.fixed64(end);
      return int64String(r.lo, r.hi);
    case ScalarType.INT32:
      return r.int32(end);
    case ScalarType.UINT32:
      return r.uint32(end);
    case ScalarType.SINT32: {
      const n = r.uint32(end);
      return (n >>> 1) ^ -(n & 1);
    }
    case ScalarType.FIXED32:
      return r.fixed32(end);
    case ScalarType.SFIXED32:
      return r.fixed32(end) | 0;
    case ScalarType.BOOL:
      r.varint(end);
      return r.lo !== 0 || r.hi !== 0;
    case ScalarType.DOUBLE:
      return doubleJson(r.double(end));
    case ScalarType.FLOAT:
      return floatJson(r.float(end));
  }
}

/** One map entry into `map`; a key seen before is replaced (the last wins). */
function readMapEntry(f: FieldPlan, map: JsonObject, r: WireReader, length: number, depth: number, ctx: WalkContext): void {
  const keyField = f.key as FieldPlan;
  const valueField = f.value as FieldPlan;
  const stop = r.pos + length;
  let key: JsonValue = keyField.zero as JsonValue;
  let value: JsonValue | undefined;
  while (r.pos < stop) {
    const number = r.tag(stop);
    const wireType = r.lo;
    if (number === 1 && wireType === keyField.wireType) {
      key = readScalar(keyField.scalar, keyField, r, stop);
    } else if (number === 2 && wireType === valueField.wireType) {
      try {
        if (valueField.type === MESSAGE) value = readMessageField(valueField, r, stop, depth, ctx);
        else if (valueField.type === ENUM) value = enumJson(valueField, r.int32(stop)) ?? 0;
        else value = readScalar(valueField.scalar, valueField, r, stop);
      } catch (error) {
        rethrowAt(error, mapKeySegment(String(key)));
      }
    } else {
      r.skip(wireType, number, stop);
    }
  }
  r.pos = stop;
  if (value === undefined) {
    if (valueField.type === MESSAGE) {
      const sub = subPlan(valueField);
      value = readMessage(sub, new WireReader(new Uint8Array(0)), 0, depth + 1, ctx);
    } else {
      value = valueField.type === ENUM ? (enumJson(valueField, 0) ?? 0) : (valueField.zero as JsonValue);
    }
  }
  setKey(map, String(key), value);
}

/**
 * Map keys in the order Go writes them: by value for numbers, false before
 * true, by code point for strings. (A JS object lists keys that look like
 * array indexes first, in numeric order, whatever the insertion order.)
 */
function sortMaps(fields: readonly FieldPlan[], out: JsonObject): void {
  for (const f of fields) {
    const map = Object.hasOwn(out, f.name) ? out[f.name] : undefined;
    if (f.card !== MAP || map === undefined) continue;
    const keyScalar = (f.key as FieldPlan).scalar;
    const keys = Object.keys(map as JsonObject);
    keys.sort(keyScalar === ScalarType.STRING ? byCodePoint : keyScalar === ScalarType.BOOL ? (a, b) => (a === b ? 0 : a === "false" ? -1 : 1) : byNumber);
    const sorted: JsonObject = {};
    for (const k of keys) setKey(sorted, k, (map as JsonObject)[k] as JsonValue);
    setKey(out, f.name, sorted);
  }
}

function byNumber(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * google.protobuf.Any: `{"@type": url, ...fields of the packed message}`,
 * or `{"@type": url, "value": ...}` when the packed message is a
 * well-known type; `{}` when empty.
 */
function readAny(r: WireReader, end: number, depth: number, ctx: WalkContext): JsonValue {
  let url: string | undefined;
  let valueStart = 0;
  let valueEnd = 0;
  let hasValue = false;
  while (r.pos < end) {
    const number = r.tag(end);
    const wireType = r.lo;
    if (number === 1 && wireType === LEN) {
      try {
        url = r.string(end);
      } catch (error) {
        rethrowAt(error, "type_url");
      }
    } else if (number === 2 && wireType === LEN) {
      const n = r.length(end);
      valueStart = r.pos;
      valueEnd = r.pos + n;
      hasValue = n > 0;
      r.pos = valueEnd;
    } else {
      r.skip(wireType, number, end);
    }
  }
  if (url === undefined || url === "") {
    if (!hasValue) return {};
    throw new PathError("google.protobuf.Any: value is set but type_url is not");
  }
  const typeName = anyTypeName(url);
  const desc = ctx.resolve(typeName);
  if (desc === undefined) throw new PathError(`cannot resolve the type ${JSON.stringify(url)} of a google.protobuf.Any: ${typeName} is not in the registry`);
  const plan = planOf(desc);
  const after = r.pos;
  r.pos = valueStart;
  const value = readMessage(plan, r, valueEnd, depth + 1, ctx);
  r.pos = after;
  if (plan.wellKnown !== undefined) return { "@type": url, value };
  const out: JsonObject = { "@type": url };
  for (const key of Object.keys(value as JsonObject)) setKey(out, key, (value as JsonObject)[key] as JsonValue);
  return out;
}
