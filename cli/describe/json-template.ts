import type { DescEnum, DescMessage } from "@bufbuild/protobuf";
import type { JsonObject, JsonValue } from "../../runtime/json/json-value.js";
import { ENUM, LIST, MAP, MESSAGE, planOf, type FieldPlan } from "../../runtime/json/plan.js";

/**
 * A skeleton of `message` in Koinos JSON, to fill in: every field at its
 * zero value as Koinos JSON writes it (`"0"` for 64-bit integers, `"0x"`
 * for hex bytes, the first enum value), nested messages expanded,
 * repeated fields with one element, maps empty, and of each oneof only its
 * first member (a request may set one). A message already being expanded
 * further up (a recursive type) is `{}` or `[]`. The skeleton is itself
 * valid Koinos JSON of the message.
 */
export function jsonTemplate(message: DescMessage): JsonValue {
  return messageTemplate(message, new Set());
}

function messageTemplate(message: DescMessage, path: Set<string>): JsonValue {
  const plan = planOf(message);
  switch (plan.wellKnown) {
    case "any":
    case "struct":
    case "empty":
      return {};
    case "timestamp":
      return "1970-01-01T00:00:00Z";
    case "duration":
      return "0s";
    case "field_mask":
      return "";
    case "value":
      return null;
    case "list_value":
      return [];
    case "wrapper":
      return plan.fields[0] === undefined ? null : (scalarTemplate(plan.fields[0]) ?? null);
    case undefined:
      break;
  }
  path.add(message.typeName);
  const object: JsonObject = {};
  for (const field of plan.fields) {
    if (field.oneof >= 0 && plan.oneofMembers[field.oneof]?.[0] !== field) continue;
    const value = fieldTemplate(field, path);
    if (value !== undefined) object[field.name] = value;
  }
  path.delete(message.typeName);
  return object;
}

function fieldTemplate(field: FieldPlan, path: Set<string>): JsonValue | undefined {
  if (field.card === MAP) return {};
  const element = field.type === MESSAGE ? nested(field.messageDesc as DescMessage, path) : scalarTemplate(field);
  if (field.card === LIST) return element === undefined ? [] : [element];
  return element === undefined ? {} : element;
}

/** A nested message's template, or undefined when it recurses. */
function nested(message: DescMessage, path: Set<string>): JsonValue | undefined {
  return path.has(message.typeName) ? undefined : messageTemplate(message, path);
}

function scalarTemplate(field: FieldPlan): JsonValue | undefined {
  if (field.type === ENUM) return enumTemplate(field.enumDesc as DescEnum);
  return field.zero;
}

function enumTemplate(e: DescEnum): JsonValue {
  if (e.typeName === "google.protobuf.NullValue") return null;
  return (e.values.find((v) => v.number === 0) ?? e.values[0])?.name ?? 0;
}
