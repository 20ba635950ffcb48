import type { JsonObject, JsonValue } from "../json-value.js";
import type { MessagePlan } from "../plan.js";
import { durationFromJson, durationToJson } from "./duration.js";
import { fieldMaskFromJson, fieldMaskToJson } from "./field-mask.js";
import type { WellKnownKind } from "./kinds.js";
import { listValueFromJson, listValueToJson, structFromJson, structToJson, valueFromJson, valueToJson } from "./struct.js";
import { timestampFromJson, timestampToJson } from "./timestamp.js";

/**
 * The protojson form of a well-known type (not Any, which the walkers
 * handle) from the JSON of its fields, and back: the walkers read and
 * write the fields, these only reshape.
 */
export function wellKnownToJson(kind: Exclude<WellKnownKind, "any">, fields: JsonObject, plan: MessagePlan): JsonValue {
  switch (kind) {
    case "timestamp":
      return timestampToJson(fields);
    case "duration":
      return durationToJson(fields);
    case "field_mask":
      return fieldMaskToJson(fields);
    case "struct":
      return structToJson(fields);
    case "list_value":
      return listValueToJson(fields);
    case "value":
      return valueToJson(fields);
    case "wrapper":
      return fields["value"] ?? (plan.fields[0]?.zero as JsonValue);
    case "empty":
      return fields;
  }
}

export function wellKnownFromJson(kind: Exclude<WellKnownKind, "any">, value: JsonValue): JsonValue {
  switch (kind) {
    case "timestamp":
      return timestampFromJson(value);
    case "duration":
      return durationFromJson(value);
    case "field_mask":
      return fieldMaskFromJson(value);
    case "struct":
      return structFromJson(value);
    case "list_value":
      return listValueFromJson(value);
    case "value":
      return valueFromJson(value);
    case "wrapper":
      return { value };
    case "empty":
      return value;
  }
}
