/**
 * The well-known types whose protojson form is not an object of their
 * fields (google.protobuf.Empty is listed because protojson packs it into
 * an Any as `{"@type": ..., "value": {}}`, as it does the others).
 */
export type WellKnownKind = "any" | "timestamp" | "duration" | "field_mask" | "struct" | "value" | "list_value" | "wrapper" | "empty";

const kinds: Readonly<Record<string, WellKnownKind>> = {
  "google.protobuf.Any": "any",
  "google.protobuf.Timestamp": "timestamp",
  "google.protobuf.Duration": "duration",
  "google.protobuf.FieldMask": "field_mask",
  "google.protobuf.Struct": "struct",
  "google.protobuf.Value": "value",
  "google.protobuf.ListValue": "list_value",
  "google.protobuf.Empty": "empty",
  "google.protobuf.DoubleValue": "wrapper",
  "google.protobuf.FloatValue": "wrapper",
  "google.protobuf.Int64Value": "wrapper",
  "google.protobuf.UInt64Value": "wrapper",
  "google.protobuf.Int32Value": "wrapper",
  "google.protobuf.UInt32Value": "wrapper",
  "google.protobuf.BoolValue": "wrapper",
  "google.protobuf.StringValue": "wrapper",
  "google.protobuf.BytesValue": "wrapper",
};

export function wellKnownKind(typeName: string): WellKnownKind | undefined {
  return Object.hasOwn(kinds, typeName) ? kinds[typeName] : undefined;
}
