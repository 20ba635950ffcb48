import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";

/**
 * Random protobuf-es messages of any descriptor, for round-trip tests:
 * every field set or not at random, values drawn to hit the edges (64-bit
 * extremes, zero, negative numbers, non-ASCII strings, empty bytes), nested
 * messages down to a depth, valid values for the well-known types. A
 * seeded generator makes failures reproducible.
 */
export class RandomMessages {
  #state: number;
  /** Types an Any may hold. */
  readonly anyTypes: readonly DescMessage[];

  constructor(seed: number, anyTypes: readonly DescMessage[] = []) {
    this.#state = seed >>> 0;
    this.anyTypes = anyTypes;
  }

  /** mulberry32 */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  message(desc: DescMessage, depth = 0): Message {
    return create(desc, this.init(desc, depth) as never);
  }

  /** An init object for `create`. */
  init(desc: DescMessage, depth: number): Record<string, unknown> {
    const special = this.wellKnown(desc, depth);
    if (special !== undefined) return special;
    const init: Record<string, unknown> = {};
    const deeper = depth < 3;
    for (const field of desc.fields) {
      if (field.oneof !== undefined) continue;
      // proto2 `required` fields are always set (LEGACY_REQUIRED).
      if (this.next() < 0.35 && field.presence !== 3) continue;
      if (!deeper && (field.fieldKind === "message" || field.message !== undefined)) continue;
      init[field.localName] = this.fieldValue(field, depth);
    }
    for (const oneof of desc.oneofs) {
      if (this.next() < 0.3) continue;
      const member = this.pick(oneof.fields);
      if (!deeper && member.fieldKind === "message") continue;
      init[oneof.localName] = { case: member.localName, value: this.fieldValue(member, depth) };
    }
    return init;
  }

  fieldValue(field: DescField, depth: number): unknown {
    switch (field.fieldKind) {
      case "scalar":
        return this.scalar(field.scalar, field.longAsString);
      case "enum":
        return this.enumValue(field.enum.values.map((v) => v.number), field.enum.open);
      case "message": {
        // protobuf-es holds a singular wrapper (google.protobuf.Int64Value, ...) as its bare value.
        const wrapped = field.message.typeName.startsWith("google.protobuf.") && field.message.typeName.endsWith("Value") && field.message.fields.length === 1 && field.message.fields[0]?.name === "value";
        if (wrapped) return this.fieldValue(field.message.fields[0] as DescField, depth);
        return this.init(field.message, depth + 1);
      }
      case "list": {
        const n = this.int(4);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
          if (field.listKind === "scalar") out.push(this.scalar(field.scalar, field.longAsString));
          else if (field.listKind === "enum") out.push(this.enumValue(field.enum.values.map((v) => v.number), field.enum.open));
          else if (depth < 3) out.push(this.init(field.message, depth + 1));
        }
        return out;
      }
      case "map": {
        const n = this.int(4);
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = String(this.scalar(field.mapKey, true));
          if (field.mapKind === "scalar") out[key] = this.scalar(field.scalar, false);
          else if (field.mapKind === "enum") out[key] = this.enumValue(field.enum.values.map((v) => v.number), field.enum.open);
          else if (depth < 3) out[key] = this.init(field.message, depth + 1);
        }
        return out;
      }
    }
  }

  /**
   * A message with every field set to a value other than its default
   * (lists of one to three elements, one member of each oneof; for
   * messages nested less than 12 deep), the kind
   * koilib writes as Koinos does: it fills unset fields with defaults.
   * `bytesFor` gives the bytes of a bytes field (valid addresses where
   * koilib checks them).
   */
  filled(desc: DescMessage, bytesFor: (field: DescField) => Uint8Array, depth = 0): Message {
    return create(desc, this.filledInit(desc, bytesFor, depth) as never);
  }

  filledInit(desc: DescMessage, bytesFor: (field: DescField) => Uint8Array, depth: number): Record<string, unknown> {
    const init: Record<string, unknown> = {};
    const value = (field: DescField, kind: "scalar" | "message", scalar: ScalarType | undefined, message: DescMessage | undefined): unknown => {
      if (kind === "message") return this.filledInit(message as DescMessage, bytesFor, depth + 1);
      if (scalar === ScalarType.BYTES) return bytesFor(field);
      let v: unknown;
      const longAsString = "longAsString" in field && field.longAsString === true;
      do v = this.scalar(scalar as ScalarType, longAsString);
      while (v === 0 || v === 0n || v === "0" || v === "" || v === false);
      return v;
    };
    for (const field of desc.fields) {
      if (field.oneof !== undefined) continue;
      if (field.fieldKind === "scalar") init[field.localName] = value(field, "scalar", field.scalar, undefined);
      else if (field.fieldKind === "message") {
        if (depth < 12) init[field.localName] = value(field, "message", undefined, field.message);
      } else if (field.fieldKind === "list") {
        if (field.listKind === "message" && depth >= 12) continue;
        init[field.localName] = Array.from({ length: 1 + this.int(3) }, () =>
          field.listKind === "message" ? value(field, "message", undefined, field.message) : value(field, "scalar", field.scalar, undefined),
        );
      }
    }
    for (const oneof of desc.oneofs) {
      const member = this.pick(oneof.fields);
      if (member.fieldKind === "message" && depth >= 12) continue;
      if (member.fieldKind === "scalar" || member.fieldKind === "message") {
        init[oneof.localName] = { case: member.localName, value: member.fieldKind === "scalar" ? value(member, "scalar", member.scalar, undefined) : value(member, "message", undefined, member.message) };
      }
    }
    return init;
  }

  /** A known value, or now and then an unknown one (open enums keep those); NullValue has one value, written as null. */
  enumValue(known: readonly number[], open: boolean): number {
    return open && known.length > 1 && this.next() < 0.1 ? 100 + this.int(50) : this.pick(known);
  }

  scalar(scalar: ScalarType, longAsString: boolean): unknown {
    const long = (v: bigint) => (longAsString ? v.toString() : v);
    switch (scalar) {
      case ScalarType.BOOL:
        return this.next() < 0.5;
      case ScalarType.STRING:
        return this.pick(["", "a", "koinos", "héllo wörld", "日本語", "emoji 🚀", 'quote " back \\ slash', "x".repeat(40)]);
      case ScalarType.BYTES: {
        const b = new Uint8Array(this.pick([0, 1, 2, 3, 20, 25, 34]));
        for (let i = 0; i < b.length; i++) b[i] = i === 0 && this.next() < 0.3 ? 0 : this.int(256);
        return b;
      }
      case ScalarType.INT32:
      case ScalarType.SINT32:
      case ScalarType.SFIXED32:
        return this.pick([0, 1, -1, 2147483647, -2147483648, 300, -300, this.int(1 << 30)]);
      case ScalarType.UINT32:
      case ScalarType.FIXED32:
        return this.pick([0, 1, 4294967295, 2147483648, 300, this.int(1 << 30)]);
      case ScalarType.INT64:
      case ScalarType.SINT64:
      case ScalarType.SFIXED64:
        return long(this.pick([0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 9007199254740993n, -9007199254740993n, 4294967296n, BigInt(this.int(1e9))]));
      case ScalarType.UINT64:
      case ScalarType.FIXED64:
        return long(this.pick([0n, 1n, 18446744073709551615n, 9007199254740993n, 4294967296n, 18446744073709551000n, BigInt(this.int(1e9))]));
      case ScalarType.FLOAT:
        return Math.fround(this.pick([0, 1, -1.5, 0.1, 3.4028234663852886e38, 1e-40, 123456.789, this.next() * 1e6]));
      case ScalarType.DOUBLE:
        return this.pick([0, 1, -1.5, 0.1, 1.7976931348623157e308, 5e-324, 1e21, 1e-7, Math.PI, this.next() * 1e6]);
    }
  }

  /** Valid contents for the well-known types whose JSON has rules of its own. */
  wellKnown(desc: DescMessage, depth: number): Record<string, unknown> | undefined {
    switch (desc.typeName) {
      case "google.protobuf.Any": {
        if (this.anyTypes.length === 0 || depth >= 3 || this.next() < 0.2) return {};
        const type = this.pick(this.anyTypes);
        return { ...anyPack(type, this.message(type, depth + 1)) };
      }
      case "google.protobuf.Timestamp":
        return { seconds: BigInt(this.pick([0, 1, -62135596800, 253402300799, 1700000000, -1])), nanos: this.pick([0, 1, 1000, 1000000, 999999999, 120000000]) };
      case "google.protobuf.Duration": {
        const seconds = this.pick([0, 1, 315576000000, 42]);
        const nanos = this.pick([0, 1, 1000, 500000000, 999999999]);
        const sign = this.next() < 0.5 ? -1 : 1;
        return { seconds: BigInt(sign * seconds), nanos: seconds === 0 || sign > 0 ? sign * nanos : -nanos };
      }
      case "google.protobuf.FieldMask":
        return { paths: this.pick([[], ["a"], ["foo_bar", "a.b_c"], ["x.y.z"]]) };
      case "google.protobuf.Value":
        return { kind: this.jsonKind(depth) };
      case "google.protobuf.Struct":
        return { fields: this.structFields(depth) };
      case "google.protobuf.ListValue":
        return { values: depth < 3 ? [{ kind: this.jsonKind(depth + 1) }, { kind: this.jsonKind(depth + 1) }] : [] };
      default:
        return undefined;
    }
  }

  jsonKind(depth: number): { case: string; value: unknown } {
    const kinds = depth < 3 ? ["nullValue", "numberValue", "stringValue", "boolValue", "structValue", "listValue"] : ["nullValue", "numberValue", "stringValue", "boolValue"];
    const kind = this.pick(kinds);
    switch (kind) {
      case "nullValue":
        return { case: kind, value: 0 };
      case "numberValue":
        return { case: kind, value: this.pick([0, -1.5, 1e21, 42]) };
      case "stringValue":
        return { case: kind, value: this.pick(["", "x", "ü"]) };
      case "boolValue":
        return { case: kind, value: this.next() < 0.5 };
      case "structValue":
        return { case: kind, value: { fields: this.structFields(depth + 1) } };
      default:
        return { case: kind, value: { values: [{ kind: this.jsonKind(depth + 1) }] } };
    }
  }

  structFields(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (depth >= 3) return out;
    for (const key of ["a", "b_c", "Ω"].slice(0, this.int(4))) out[key] = { kind: this.jsonKind(depth + 1) };
    return out;
  }
}

/** Every message of the given files, nested ones too, map entries left out. */
export function allMessages(files: Iterable<{ readonly messages: readonly DescMessage[] }>): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (messages: readonly DescMessage[]) => {
    for (const m of messages) {
      if (m.proto.options?.mapEntry === true) continue;
      out.push(m);
      visit(m.nestedMessages);
    }
  };
  for (const f of files) visit(f.messages);
  return out;
}
