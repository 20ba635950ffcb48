import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { wktPublicImportPaths } from "@bufbuild/protobuf/codegenv2";
import type { TsProtoOptions } from "../ts-proto-options.js";
import { tsProtoMessageName } from "./ts-proto-names.js";

/**
 * The exported KoinosType of a message: ts-proto's name for it followed by
 * `Type` (`get_head_info_response` -> `getHeadInfoResponseType`).
 */
export function koinosTypeName(message: DescMessage, options: TsProtoOptions): string {
  return `${tsProtoMessageName(message, options)}Type`;
}

/** The exported file descriptor of a proto file, named as protoc-gen-es names it: `file_koinos_common`. */
export function fileDescName(file: DescFile): string {
  return `file_${file.name.replace(/[^a-zA-Z0-9_]+/g, "_")}`;
}

/**
 * The module of @bufbuild/protobuf that exports a well-known type's file
 * descriptor and schemas, or undefined for other files: those get their
 * descriptor from this plugin's own output.
 */
export function wellKnownModule(file: DescFile): string | undefined {
  return Object.hasOwn(wktPublicImportPaths, file.proto.name) ? wktPublicImportPaths[file.proto.name as keyof typeof wktPublicImportPaths] : undefined;
}

/** protobuf-es's name of a well-known message's schema: `Timestamp` -> `TimestampSchema`, nested joined by `_`. */
export function wellKnownSchemaName(message: DescMessage): string {
  let name = message.name;
  for (let m = message.parent; m !== undefined; m = m.parent) name = `${m.name}_${name}`;
  return `${name}Schema`;
}
