import type { JsonArray, JsonObject, JsonValue } from "../json-value.js";
import { typeName } from "../integers.js";
import { PathError } from "../path-error.js";

/**
 * google.protobuf.Struct, Value and ListValue are JSON itself: an object,
 * any value, an array. The walkers decode their fields first (a Struct's
 * values and a ListValue's elements are already plain JSON by then).
 */
export function structToJson(fields: JsonObject): JsonObject {
  return (fields["fields"] ?? {}) as JsonObject;
}

export function listValueToJson(fields: JsonObject): JsonArray {
  return (fields["values"] ?? []) as JsonArray;
}

export function valueToJson(fields: JsonObject): JsonValue {
  for (const key in fields) {
    const v = fields[key] as JsonValue;
    switch (key) {
      case "null_value":
        return null;
      case "number_value":
        if (typeof v !== "number") throw new PathError(`google.protobuf.Value: invalid number_value ${String(v)}`);
        return v;
      default:
        return v;
    }
  }
  throw new PathError("google.protobuf.Value: none of the oneof fields is set");
}

export function structFromJson(value: JsonValue): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PathError(`google.protobuf.Struct: expected an object, got ${typeName(value)}`);
  return { fields: value };
}

export function listValueFromJson(value: JsonValue): JsonObject {
  if (!Array.isArray(value)) throw new PathError(`google.protobuf.ListValue: expected an array, got ${typeName(value)}`);
  return { values: value };
}

export function valueFromJson(value: JsonValue): JsonObject {
  if (value === null) return { null_value: "NULL_VALUE" };
  switch (typeof value) {
    case "boolean":
      return { bool_value: value };
    case "number":
      return { number_value: value };
    case "string":
      return { string_value: value };
    default:
      return Array.isArray(value) ? { list_value: value } : { struct_value: value };
  }
}
