import { ScalarType } from "@bufbuild/protobuf";
import { decodeBytes } from "./bytes-encoding.js";
import type { WalkContext } from "./binary-to-json.js";
import { jsonFloat } from "./floats.js";
import { INT32, jsonInt32, jsonInt64, typeName, UINT32, zigzag64, type Halves } from "./integers.js";
import type { JsonObject, JsonValue } from "./json-value.js";
import { mapKeySegment, PathError, rethrowAt } from "./path-error.js";
import { enumNumberOf, ENUM, LIST, MESSAGE, planOf, SINGULAR, subPlan, type FieldPlan, type MessagePlan } from "./plan.js";
import { anyTypeName } from "./well-known/any-type-url.js";
import { wellKnownFromJson } from "./well-known/transform.js";
import { EGROUP, LEN } from "./wire-reader.js";
import { WireWriter } from "./wire-writer.js";

/**
 * Koinos JSON to canonical protobuf bytes in one pass, without a message
 * object in between: fields in declaration order, defaults of
 * implicit-presence fields left out, set oneof members and `optional`
 * fields written even at zero. Reads proto names and lowerCamel (JSON)
 * names, ignores unknown keys, takes `null` as unset, and refuses what Go's
 * Koinos codec refuses, naming the field.
 */
export function jsonToBinary(plan: MessagePlan, json: JsonValue, ctx: WalkContext): Uint8Array {
  // One writer for every call (the walk is synchronous and does not re-enter): no buffer to allocate per message.
  const w = writer;
  w.pos = 0;
  try {
    writeMessage(plan, json, w, 0, ctx);
    return w.finish();
  } finally {
    if (w.buf.length > 1 << 20) writer = new WireWriter();
  }
}

let writer = new WireWriter();

const halves: Halves = { lo: 0, hi: 0 };

/** A message's fields from its JSON (an object, or a well-known type's own form). */
function writeMessage(plan: MessagePlan, json: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  if (depth > ctx.maxDepth) throw new PathError(`messages nested deeper than ${ctx.maxDepth}`);
  const kind = plan.wellKnown;
  if (kind === "any") return writeAny(json, w, depth, ctx);
  const value = kind === undefined ? json : wellKnownFromJson(kind, json);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PathError(`expected an object for ${plan.typeName}, got ${typeName(value)}`);
  writeFields(plan, value, w, depth, ctx);
}

function writeFields(plan: MessagePlan, obj: JsonObject, w: WireWriter, depth: number, ctx: WalkContext): void {
  const fields = plan.fields;
  let oneofSeen: (FieldPlan | undefined)[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FieldPlan;
    let v = f.inherited ? own(obj, f.name) : obj[f.name];
    if (f.jsonName !== f.name) {
      const alt = f.inherited ? own(obj, f.jsonName) : obj[f.jsonName];
      if (alt !== undefined) {
        if (v !== undefined) throw new PathError(`set twice, as ${f.name} and ${f.jsonName}`).at(f.name);
        v = alt;
      }
    }
    if (v === undefined || (v === null && !f.nullable)) continue;
    try {
      if (f.oneof >= 0) {
        oneofSeen ??= [];
        const other = oneofSeen[f.oneof];
        if (other !== undefined) throw new PathError(`oneof ${plan.oneofNames[f.oneof]} has two members set: ${other.name} and ${f.name}`);
        oneofSeen[f.oneof] = f;
      }
      if (f.card === SINGULAR) writeSingular(f, v, w, depth, ctx);
      else if (f.card === LIST) writeList(f, v, w, depth, ctx);
      else writeMap(f, v, w, depth, ctx);
    } catch (error) {
      rethrowAt(error, f.name);
    }
  }
  for (const f of plan.required) {
    const v = f.inherited ? own(obj, f.name) ?? own(obj, f.jsonName) : obj[f.name] ?? obj[f.jsonName];
    if (v === undefined || v === null) throw new PathError(`required field ${f.name} is not set`);
  }
}

function own(obj: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function writeSingular(f: FieldPlan, v: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  if (f.type === MESSAGE) {
    writeMessageField(f, v, w, depth, ctx);
  } else if (f.type === ENUM) {
    const n = enumNumber(f, v);
    if (n === 0 && f.implicit) return;
    w.uint32(f.tag);
    w.int32(n);
  } else {
    writeScalar(f, v, w, true);
  }
}

/** A message field (or list element): length-delimited, or a group. */
function writeMessageField(f: FieldPlan, v: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  const sub = subPlan(f);
  if (f.delimited) {
    w.uint32(f.tag);
    writeMessage(sub, v, w, depth + 1, ctx);
    w.uint32(((f.number * 8) | EGROUP) >>> 0);
    return;
  }
  w.uint32(f.tag);
  const start = w.begin();
  writeMessage(sub, v, w, depth + 1, ctx);
  w.end(start);
}

function writeList(f: FieldPlan, v: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  if (!Array.isArray(v)) throw new PathError(`expected an array, got ${typeName(v)}`);
  if (v.length === 0) return;
  let i = 0;
  try {
    if (f.packed) {
      w.uint32(((f.number * 8) | LEN) >>> 0);
      const start = w.begin();
      for (; i < v.length; i++) {
        const e = v[i] as JsonValue;
        if (e === null) throw new PathError("null in a list");
        if (f.type === ENUM) w.int32(enumNumber(f, e));
        else writeScalarValue(f, e, w);
      }
      w.end(start);
      return;
    }
    for (; i < v.length; i++) {
      const e = v[i] as JsonValue;
      if (e === null && !f.nullable) throw new PathError("null in a list");
      if (f.type === MESSAGE) writeMessageField(f, e, w, depth, ctx);
      else if (f.type === ENUM) {
        w.uint32(f.tag);
        w.int32(enumNumber(f, e));
      } else writeScalar(f, e, w, false);
    }
  } catch (error) {
    rethrowAt(error, i);
  }
}

function writeMap(f: FieldPlan, v: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new PathError(`expected an object (a map), got ${typeName(v)}`);
  const keyField = f.key as FieldPlan;
  const valueField = f.value as FieldPlan;
  const seen = new Set<string>();
  for (const key of Object.keys(v)) {
    const value = v[key] as JsonValue;
    try {
      const canonical = mapKey(keyField.scalar, key);
      if (seen.has(canonical)) throw new PathError("duplicate map key");
      seen.add(canonical);
      if (value === null && !valueField.nullable) throw new PathError("null map value");
      w.uint32(f.tag);
      const start = w.begin();
      writeScalar(keyField, keyField.scalar === ScalarType.BOOL ? key === "true" : canonical, w, false);
      if (valueField.type === MESSAGE) writeMessageField(valueField, value, w, depth, ctx);
      else if (valueField.type === ENUM) {
        w.uint32(valueField.tag);
        w.int32(enumNumber(valueField, value));
      } else writeScalar(valueField, value, w, false);
      w.end(start);
    } catch (error) {
      rethrowAt(error, mapKeySegment(key));
    }
  }
}

/**
 * A map key, checked as Go's protojson checks it (strconv.ParseInt/ParseUint:
 * decimal, an optional sign for signed kinds), in canonical decimal form.
 */
function mapKey(scalar: ScalarType, key: string): string {
  switch (scalar) {
    case ScalarType.STRING:
      return key;
    case ScalarType.BOOL:
      if (key !== "true" && key !== "false") throw new PathError(`invalid bool map key ${JSON.stringify(key)}`);
      return key;
    default: {
      const signed = scalar !== ScalarType.UINT32 && scalar !== ScalarType.UINT64 && scalar !== ScalarType.FIXED32 && scalar !== ScalarType.FIXED64;
      if (!(signed ? /^[+-]?\d+$/ : /^\+?\d+$/).test(key)) throw new PathError(`invalid map key ${JSON.stringify(key)}`);
      const n = BigInt(key.replace(/^\+/, ""));
      const bits = scalar === ScalarType.INT32 || scalar === ScalarType.SINT32 || scalar === ScalarType.SFIXED32 || scalar === ScalarType.UINT32 || scalar === ScalarType.FIXED32 ? 32 : 64;
      const ok = signed ? BigInt.asIntN(bits, n) === n : BigInt.asUintN(bits, n) === n;
      if (!ok) throw new PathError(`map key ${key} is out of range`);
      return n.toString();
    }
  }
}

function enumNumber(f: FieldPlan, v: JsonValue): number {
  const desc = f.enumDesc;
  if (typeof v === "string" && desc !== undefined) {
    const n = enumNumberOf(desc, v);
    if (n === undefined) throw new PathError(`unknown value ${JSON.stringify(v)} of enum ${desc.typeName}`);
    return n;
  }
  if (typeof v === "number") return jsonInt32(v, INT32, "an enum");
  if (v === null && desc?.typeName === "google.protobuf.NullValue") return 0;
  throw new PathError(`expected an enum value name or number, got ${typeName(v)}`);
}

/** A scalar field with its tag; `implicitDefault` leaves out a default value (implicit presence). */
function writeScalar(f: FieldPlan, v: JsonValue, w: WireWriter, singular: boolean): void {
  const skipDefault = singular && f.implicit;
  switch (f.scalar) {
    case ScalarType.STRING: {
      if (typeof v !== "string") throw new PathError(`expected a string, got ${typeName(v)}`);
      if (skipDefault && v === "") return;
      w.uint32(f.tag);
      w.string(v);
      return;
    }
    case ScalarType.BYTES: {
      if (typeof v !== "string") throw new PathError(`expected a string, got ${typeName(v)}`);
      const bytes = decodeBytes(v, f.bytes);
      if (typeof bytes === "string") throw new PathError(bytes);
      if (skipDefault && bytes.length === 0) return;
      w.uint32(f.tag);
      w.bytes(bytes);
      return;
    }
    case ScalarType.BOOL: {
      if (typeof v !== "boolean") throw new PathError(`expected true or false, got ${typeName(v)}`);
      if (skipDefault && !v) return;
      w.uint32(f.tag);
      w.uint32(v ? 1 : 0);
      return;
    }
    default: {
      const at = w.pos;
      w.uint32(f.tag);
      const zero = writeScalarValue(f, v, w);
      if (skipDefault && zero) w.pos = at;
    }
  }
}

/** A numeric scalar's value without a tag (also for packed lists); returns true if it was zero (+0 for floats). */
function writeScalarValue(f: FieldPlan, v: JsonValue, w: WireWriter): boolean {
  switch (f.scalar) {
    case ScalarType.INT32: {
      const n = jsonInt32(v, INT32, "int32");
      w.int32(n);
      return n === 0;
    }
    case ScalarType.UINT32: {
      const n = jsonInt32(v, UINT32, "uint32");
      w.uint32(n);
      return n === 0;
    }
    case ScalarType.SINT32: {
      const n = jsonInt32(v, INT32, "sint32");
      w.uint32(((n << 1) ^ (n >> 31)) >>> 0);
      return n === 0;
    }
    case ScalarType.FIXED32: {
      const n = jsonInt32(v, UINT32, "fixed32");
      w.fixed32(n);
      return n === 0;
    }
    case ScalarType.SFIXED32: {
      const n = jsonInt32(v, INT32, "sfixed32");
      w.fixed32(n >>> 0);
      return n === 0;
    }
    case ScalarType.INT64:
    case ScalarType.UINT64:
      jsonInt64(v, f.scalar === ScalarType.INT64, halves);
      w.varint64(halves.lo, halves.hi);
      return halves.lo === 0 && halves.hi === 0;
    case ScalarType.SINT64:
      jsonInt64(v, true, halves);
      zigzag64(halves);
      w.varint64(halves.lo, halves.hi);
      return halves.lo === 0 && halves.hi === 0;
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      jsonInt64(v, f.scalar === ScalarType.SFIXED64, halves);
      w.fixed64(halves.lo, halves.hi);
      return halves.lo === 0 && halves.hi === 0;
    case ScalarType.DOUBLE: {
      const n = jsonFloat(v, false);
      w.double(n);
      return n === 0 && !Object.is(n, -0);
    }
    case ScalarType.FLOAT: {
      const n = jsonFloat(v, true);
      w.float(n);
      return n === 0 && !Object.is(n, -0);
    }
    case ScalarType.BOOL:
      if (typeof v !== "boolean") throw new PathError(`expected true or false, got ${typeName(v)}`);
      w.uint32(v ? 1 : 0);
      return !v;
    default:
      throw new PathError(`${ScalarType[f.scalar]} cannot be packed`);
  }
}

/**
 * google.protobuf.Any from `{"@type": url, ...fields}` (or `"value"` for a
 * well-known type); an object without `@type` is an empty Any.
 */
function writeAny(json: JsonValue, w: WireWriter, depth: number, ctx: WalkContext): void {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new PathError(`expected an object for google.protobuf.Any, got ${typeName(json)}`);
  const url = own(json, "@type");
  if (url === undefined) return;
  if (typeof url !== "string") throw new PathError(`@type must be a string, got ${typeName(url)}`);
  const typeName_ = anyTypeName(url);
  const desc = ctx.resolve(typeName_);
  if (desc === undefined) throw new PathError(`cannot resolve the @type ${JSON.stringify(url)}: ${typeName_} is not in the registry`);
  const plan = planOf(desc);
  w.uint32((1 << 3) | LEN);
  w.string(url);
  const at = w.pos;
  w.uint32((2 << 3) | LEN);
  const start = w.begin();
  if (plan.wellKnown !== undefined) {
    const value = own(json, "value");
    if (value === undefined) throw new PathError(`google.protobuf.Any of ${typeName_}: missing "value"`);
    try {
      writeMessage(plan, value, w, depth + 1, ctx);
    } catch (error) {
      rethrowAt(error, "value");
    }
  } else {
    writeFields(plan, json, w, depth + 1, ctx);
  }
  if (w.pos === start + 1) w.pos = at;
  else w.end(start);
}


