import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import { bytesEncodingOf, encodeBytes, type BytesEncoding } from "./bytes-encoding.js";
import { wellKnownKind, type WellKnownKind } from "./well-known/kinds.js";
import { I32, I64, LEN, SGROUP, VARINT } from "./wire-reader.js";

/**
 * What the codec needs of a message, computed once from its descriptor and
 * cached on it: fields in declaration order and by number, wire types and
 * tags, presence, the btype of bytes fields. The walkers run on these
 * tables instead of reflecting on descriptors per value.
 */

/** Cardinality of a field. */
export const SINGULAR = 0;
export const LIST = 1;
export const MAP = 2;

/** Kind of a field's value (a list's or map's element). */
export const SCALAR = 0;
export const ENUM = 1;
export const MESSAGE = 2;

export interface FieldPlan {
  readonly desc: DescField;
  /** The proto name: the key Koinos JSON writes. */
  readonly name: string;
  /** The JSON name (lowerCamel or `json_name`), also accepted on input. */
  readonly jsonName: string;
  readonly number: number;
  /** Position in declaration order. */
  readonly index: number;
  readonly card: typeof SINGULAR | typeof LIST | typeof MAP;
  readonly type: typeof SCALAR | typeof ENUM | typeof MESSAGE;
  /** For SCALAR. */
  readonly scalar: ScalarType;
  /** Wire type of one element. */
  readonly wireType: number;
  /** Tag of one element, `number << 3 | wireType`. */
  readonly tag: number;
  /** For LIST of numbers, bools or enums: packed encoding is accepted on input. */
  readonly packable: boolean;
  /** For LIST: written packed. */
  readonly packed: boolean;
  /** SINGULAR with implicit presence: a default value is left out (of JSON and of canonical bytes). */
  readonly implicit: boolean;
  /** Index into the message plan's oneofs, or -1. */
  readonly oneof: number;
  /** A message field in group (delimited) encoding. */
  readonly delimited: boolean;
  readonly bytes: BytesEncoding;
  /** The JSON of the default value (`0`, `"0"`, `false`, `""`, `"0x"`), for SCALAR and ENUM fields. */
  readonly zero: string | number | boolean | undefined;
  readonly enumDesc: DescEnum | undefined;
  /** The message of a MESSAGE field (a list's element message). */
  readonly messageDesc: DescMessage | undefined;
  /** For MAP: the entry's key and value, as fields 1 and 2 of the entry. */
  readonly key: FieldPlan | undefined;
  readonly value: FieldPlan | undefined;
  /** Its name is a property of Object.prototype, so plain property reads would find the inherited one. */
  readonly inherited: boolean;
  /** JSON null is a value, not "unset" (google.protobuf.Value, google.protobuf.NullValue). */
  readonly nullable: boolean;
  readonly required: boolean;
}

export interface MessagePlan {
  readonly desc: DescMessage;
  readonly typeName: string;
  readonly fields: readonly FieldPlan[];
  /** Fields by number, for numbers below its length. */
  readonly dense: readonly (FieldPlan | undefined)[];
  /** Fields with larger numbers. */
  readonly sparse: ReadonlyMap<number, FieldPlan>;
  /** Oneof names, and their members, by the index fields carry. */
  readonly oneofNames: readonly string[];
  readonly oneofMembers: readonly (readonly FieldPlan[])[];
  readonly required: readonly FieldPlan[];
  readonly hasMaps: boolean;
  /** Set for the well-known types whose JSON is not an object of their fields. */
  readonly wellKnown: WellKnownKind | undefined;
}

const plans = new WeakMap<DescMessage, MessagePlan>();
const subPlans = new WeakMap<FieldPlan, MessagePlan>();

/** The plan of a message, computed on first use. */
export function planOf(desc: DescMessage): MessagePlan {
  let plan = plans.get(desc);
  if (plan === undefined) {
    plan = compile(desc);
    plans.set(desc, plan);
  }
  return plan;
}

/** The plan of a message field's message. */
export function subPlan(field: FieldPlan): MessagePlan {
  let plan = subPlans.get(field);
  if (plan === undefined) {
    plan = planOf(field.messageDesc as DescMessage);
    subPlans.set(field, plan);
  }
  return plan;
}

function compile(desc: DescMessage): MessagePlan {
  const oneofs = desc.oneofs;
  const fields = desc.fields.map((field, index) => fieldPlan(field, index, field.oneof === undefined ? -1 : oneofs.indexOf(field.oneof)));
  const dense: (FieldPlan | undefined)[] = [];
  const sparse = new Map<number, FieldPlan>();
  for (const f of fields) {
    if (f.number < 256) dense[f.number] = f;
    else sparse.set(f.number, f);
  }
  for (let i = 0; i < dense.length; i++) dense[i] ??= undefined;
  return {
    desc,
    typeName: desc.typeName,
    fields,
    dense,
    sparse,
    oneofNames: oneofs.map((o) => o.name),
    oneofMembers: oneofs.map((o) => fields.filter((f) => f.desc.oneof === o)),
    required: fields.filter((f) => f.required),
    hasMaps: fields.some((f) => f.card === MAP),
    wellKnown: wellKnownKind(desc.typeName),
  };
}

function fieldPlan(field: DescField, index: number, oneof: number): FieldPlan {
  const common = { desc: field, name: field.name, jsonName: field.jsonName, number: field.number, index };
  switch (field.fieldKind) {
    case "scalar":
      return element(common, SINGULAR, SCALAR, field.scalar, undefined, undefined, false, oneof, field.presence, bytesEncodingOf(field));
    case "enum":
      return element(common, SINGULAR, ENUM, ScalarType.INT32, field.enum, undefined, false, oneof, field.presence, "base64");
    case "message":
      return element(common, SINGULAR, MESSAGE, ScalarType.INT32, undefined, field.message, field.delimitedEncoding, oneof, field.presence, "base64");
    case "list": {
      const plan =
        field.listKind === "scalar"
          ? element(common, LIST, SCALAR, field.scalar, undefined, undefined, false, -1, field.presence, bytesEncodingOf(field))
          : field.listKind === "enum"
            ? element(common, LIST, ENUM, ScalarType.INT32, field.enum, undefined, false, -1, field.presence, "base64")
            : element(common, LIST, MESSAGE, ScalarType.INT32, undefined, field.message, field.delimitedEncoding, -1, field.presence, "base64");
      return { ...plan, packed: plan.packable && field.packed };
    }
    case "map": {
      // The entry is a message { key = 1; value = 2; }; its value field has no options, so its bytes are base64 (as in Go).
      const entryField = (name: string, number: number) => ({ desc: field, name, jsonName: name, number, index: number - 1 });
      const key = element(entryField("key", 1), SINGULAR, SCALAR, field.mapKey, undefined, undefined, false, -1, FeatureSet_FieldPresence.EXPLICIT, "base64");
      const value =
        field.mapKind === "scalar"
          ? element(entryField("value", 2), SINGULAR, SCALAR, field.scalar, undefined, undefined, false, -1, FeatureSet_FieldPresence.EXPLICIT, "base64")
          : field.mapKind === "enum"
            ? element(entryField("value", 2), SINGULAR, ENUM, ScalarType.INT32, field.enum, undefined, false, -1, FeatureSet_FieldPresence.EXPLICIT, "base64")
            : element(entryField("value", 2), SINGULAR, MESSAGE, ScalarType.INT32, undefined, field.message, false, -1, FeatureSet_FieldPresence.EXPLICIT, "base64");
      return { ...element(common, MAP, MESSAGE, ScalarType.INT32, undefined, undefined, false, -1, field.presence, "base64"), key, value, wireType: LEN, tag: (field.number * 8 + LEN) >>> 0 };
    }
  }
}

function element(
  common: Pick<FieldPlan, "desc" | "name" | "jsonName" | "number" | "index">,
  card: FieldPlan["card"],
  type: FieldPlan["type"],
  scalar: ScalarType,
  enumDesc: DescEnum | undefined,
  messageDesc: DescMessage | undefined,
  delimited: boolean,
  oneof: number,
  presence: FeatureSet_FieldPresence,
  bytes: BytesEncoding,
): FieldPlan {
  const wireType = type === ENUM ? VARINT : type === MESSAGE ? (delimited ? SGROUP : LEN) : scalarWireType(scalar);
  const packable = card === LIST && wireType !== LEN && wireType !== SGROUP;
  const singular = card === SINGULAR;
  return {
    ...common,
    card,
    type,
    scalar,
    wireType,
    tag: (common.number * 8 + wireType) >>> 0,
    packable,
    packed: false,
    implicit: singular && oneof < 0 && presence === FeatureSet_FieldPresence.IMPLICIT,
    oneof,
    delimited,
    bytes,
    zero: type === ENUM ? 0 : type === SCALAR ? scalarZero(scalar, bytes) : undefined,
    enumDesc,
    messageDesc,
    key: undefined,
    value: undefined,
    inherited: common.name in Object.prototype || common.jsonName in Object.prototype,
    nullable: (type === MESSAGE && messageDesc?.typeName === "google.protobuf.Value") || (type === ENUM && enumDesc?.typeName === "google.protobuf.NullValue"),
    required: singular && presence === FeatureSet_FieldPresence.LEGACY_REQUIRED,
  };
}

function scalarWireType(scalar: ScalarType): number {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return I64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return I32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return LEN;
    default:
      return VARINT;
  }
}

/** The JSON of a scalar's default value. */
function scalarZero(scalar: ScalarType, bytes: BytesEncoding): string | number | boolean {
  switch (scalar) {
    case ScalarType.BOOL:
      return false;
    case ScalarType.STRING:
      return "";
    case ScalarType.BYTES:
      return encodeBytes(new Uint8Array(0), bytes);
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return "0";
    default:
      return 0;
  }
}

const enumNumbers = new WeakMap<DescEnum, ReadonlyMap<string, number>>();

/** An enum's value numbers by name. */
export function enumNumberOf(desc: DescEnum, name: string): number | undefined {
  let byName = enumNumbers.get(desc);
  if (byName === undefined) {
    byName = new Map(desc.values.map((v) => [v.name, v.number]));
    enumNumbers.set(desc, byName);
  }
  return byName.get(name);
}
