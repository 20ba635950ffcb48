import type { DescField, DescMessage } from "@bufbuild/protobuf";

/**
 * Whether `value` is already a complete message of `desc` as ts-proto
 * represents it: every field its encoder reads is there (scalars, bytes and
 * enums set, lists as arrays, nested messages complete or absent), and
 * nothing else is. Then `fromPartial`, which only fills in what is missing
 * and allocates a new object tree, can be skipped before encoding. The
 * check reads properties and allocates nothing; whatever it is not sure of
 * (a key it does not know, a map, a well-known type ts-proto maps to a JS
 * type, null where ts-proto's encoder would not take it) answers false, and
 * the caller falls back to `fromPartial`.
 */
export function isCompleteMessage(desc: DescMessage, value: unknown): boolean {
  return complete(planOf(desc), value, 0);
}

interface FieldPlan {
  readonly key: string;
  /** A oneof member or proto3 optional: may be absent. */
  readonly optional: boolean;
  readonly kind: "value" | "message" | "list" | "message-list" | "unsure";
  /** For message fields and lists of messages. */
  readonly message: MessagePlan | undefined;
}

interface MessagePlan {
  readonly fields: FieldPlan[];
  readonly keys: ReadonlySet<string>;
}

const plans = new WeakMap<DescMessage, MessagePlan>();

function planOf(desc: DescMessage): MessagePlan {
  let plan = plans.get(desc);
  if (plan === undefined) {
    // Registered before its fields are filled in, so that a recursive message finds itself.
    const fields: FieldPlan[] = [];
    plan = { fields, keys: new Set(desc.fields.map((f) => f.localName)) };
    plans.set(desc, plan);
    for (const field of desc.fields) fields.push(fieldPlan(field));
  }
  return plan;
}

/** ts-proto maps these to JS types of their own (Date, number, object); Any stays `{ typeUrl, value }`. */
function mappedByTsProto(message: DescMessage): boolean {
  return message.typeName.startsWith("google.protobuf.") && message.typeName !== "google.protobuf.Any";
}

function fieldPlan(field: DescField): FieldPlan {
  const optional = field.oneof !== undefined || field.proto.proto3Optional;
  const base = { key: field.localName, optional };
  switch (field.fieldKind) {
    case "scalar":
    case "enum":
      return { ...base, kind: "value", message: undefined };
    case "message":
      return mappedByTsProto(field.message) ? { ...base, kind: "unsure", message: undefined } : { ...base, kind: "message", message: planOf(field.message) };
    case "list":
      if (field.listKind !== "message") return { ...base, kind: "list", message: undefined };
      return mappedByTsProto(field.message) ? { ...base, kind: "unsure", message: undefined } : { ...base, kind: "message-list", message: planOf(field.message) };
    case "map":
      return { ...base, kind: "unsure", message: undefined };
  }
}

/** Deeper than this, let fromPartial do it (and keep the check cheap and its recursion bounded). */
const maxDepth = 32;

function complete(plan: MessagePlan, value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null || depth > maxDepth) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!plan.keys.has(key)) return false;
  const record = value as Record<string, unknown>;
  for (const field of plan.fields) {
    const v = record[field.key];
    if (v === undefined) {
      // Messages are optional in ts-proto; so are oneof members and proto3 optionals.
      if (field.optional || field.kind === "message") continue;
      return false;
    }
    switch (field.kind) {
      case "value":
        if (v === null) return false;
        break;
      case "message":
        if (!complete(field.message as MessagePlan, v, depth + 1)) return false;
        break;
      case "list":
        if (!Array.isArray(v)) return false;
        break;
      case "message-list":
        if (!Array.isArray(v)) return false;
        for (const element of v) if (!complete(field.message as MessagePlan, element, depth + 1)) return false;
        break;
      case "unsure":
        return false;
    }
  }
  return true;
}
