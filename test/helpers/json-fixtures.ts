import { createFileRegistry, type DescMessage, type FileRegistry } from "@bufbuild/protobuf";
import { compileProtos } from "./plugin-run.js";

/**
 * Protos for the Koinos JSON tests beyond what proto/ covers: every scalar
 * kind, every btype, presence, lists, maps, recursion, json_name, the
 * well-known types, and a proto2 file (required, closed enum, group).
 * Compiled with buf next to the fixtures of proto/.
 */
export const jsonTestProtos: Record<string, string> = {
  "jsontest/all.proto": `syntax = "proto3";
package jsontest;
import "koinos/options.proto";
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

enum color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }

message scalars {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; float fl = 11; double db = 12;
  bool b = 13; string s = 14; bytes by = 15; color c = 16;
  int32 renamed = 17 [json_name = "otherName"];
}

message btypes {
  bytes b64 = 1 [(koinos.btype) = BASE64];
  bytes b58 = 2 [(koinos.btype) = BASE58];
  bytes hex = 3 [(koinos.btype) = HEX];
  bytes block_id = 4 [(koinos.btype) = BLOCK_ID];
  bytes transaction_id = 5 [(koinos.btype) = TRANSACTION_ID];
  bytes contract_id = 6 [(koinos.btype) = CONTRACT_ID];
  bytes address = 7 [(koinos.btype) = ADDRESS];
  bytes plain = 8;
  repeated bytes addresses = 9 [(koinos.btype) = ADDRESS];
  repeated bytes hexes = 10 [(koinos.btype) = HEX];
}

message presence {
  optional int32 o_i32 = 1; optional uint64 o_u64 = 2; optional bool o_b = 3; optional string o_s = 4;
  optional bytes o_hex = 5 [(koinos.btype) = HEX]; optional color o_c = 6; optional double o_d = 11;
  oneof choice { int32 c_i32 = 7; string c_s = 8; bytes c_addr = 9 [(koinos.btype) = ADDRESS]; scalars c_msg = 10; }
}

message lists {
  repeated int32 i32 = 1; repeated uint64 u64 = 2; repeated sint64 s64 = 3; repeated bool b = 4; repeated string s = 5;
  repeated color c = 6; repeated double d = 7; repeated scalars m = 8; repeated int32 unpacked = 9 [packed = false];
  repeated fixed64 f64 = 10; repeated float fl = 11;
}

message maps {
  map<string, int32> by_name = 1; map<int64, string> by_i64 = 2; map<bool, bytes> by_bool = 3;
  map<uint32, scalars> by_u32 = 4; map<string, color> colors = 5; map<sint32, uint64> zig = 6;
}

message tree { string name = 1; repeated tree children = 2; tree parent = 3; }

message outer { message inner { int32 x = 1; bytes id = 2 [(koinos.btype) = BLOCK_ID]; } inner in = 1; repeated inner ins = 2; }

message well_known {
  google.protobuf.Any any = 1; google.protobuf.Timestamp ts = 2; google.protobuf.Duration dur = 3;
  google.protobuf.Struct st = 4; google.protobuf.Value val = 5; google.protobuf.ListValue lv = 6;
  google.protobuf.FieldMask fm = 7; google.protobuf.Empty empty = 8; google.protobuf.Int64Value i64w = 9;
  google.protobuf.BytesValue bw = 10; google.protobuf.StringValue sw = 11; google.protobuf.DoubleValue dw = 12;
  repeated google.protobuf.Any anys = 13; google.protobuf.NullValue nv = 14; google.protobuf.FloatValue fw = 15;
  google.protobuf.BoolValue bool_w = 16; google.protobuf.UInt32Value u32w = 17;
}
`,
  "jsontest/props.proto": `syntax = "proto3";
package jsontest;
// Field names that are properties of every JavaScript object.
message props { string constructor = 1; int32 to_string = 2; int32 __proto__ = 3; map<string, int32> m = 4; }
`,
  "jsontest/legacy.proto": `syntax = "proto2";
package jsontest.legacy;
enum level { LOW = 1; HIGH = 2; }
message old {
  required string name = 1;
  optional int32 count = 2 [default = 7];
  optional level lvl = 3;
  repeated level lvls = 4;
  optional group Grp = 5 { optional int32 a = 1; optional string b = 2; }
  repeated int32 packed_ints = 6 [packed = true];
  repeated int32 ints = 7;
}
`,
};

let registry: FileRegistry | undefined;

/** The fixtures of proto/ and the JSON test protos, compiled once per test file. */
export function jsonRegistry(): FileRegistry {
  registry ??= createFileRegistry(compileProtos(jsonTestProtos));
  return registry;
}

/** A message descriptor of the JSON test set by full name. */
export function message(typeName: string): DescMessage {
  const desc = jsonRegistry().getMessage(typeName);
  if (desc === undefined) throw new Error(`no message ${typeName}`);
  return desc;
}
