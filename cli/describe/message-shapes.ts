import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescOneof } from "@bufbuild/protobuf";
import { btypeNameOf, bytesEncodingOf } from "../../runtime/json/bytes-encoding.js";
import { wellKnownKind } from "../../runtime/json/well-known/kinds.js";

/**
 * Messages as `describe` shows them: proto syntax with full type names, the
 * `(koinos.btype)` of bytes fields, and a comment saying how Koinos JSON
 * writes what is not plain (64-bit integers, bytes). After the roots come
 * the messages and enums they use, each once; the well-known types
 * (google.protobuf.*) are named, not expanded.
 */
export function messageShapes(roots: readonly DescMessage[]): string {
  const queue: (DescMessage | DescEnum)[] = [...roots];
  const seen = new Set<string>(roots.map((r) => r.typeName));
  const blocks: string[] = [];
  const use = (type: DescMessage | DescEnum) => {
    if (seen.has(type.typeName) || (type.kind === "message" && wellKnownKind(type.typeName) !== undefined) || type.typeName.startsWith("google.protobuf.")) return;
    seen.add(type.typeName);
    queue.push(type);
  };
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    blocks.push(next.kind === "enum" ? enumShape(next) : messageShape(next, use));
  }
  return blocks.join("\n\n");
}

function messageShape(message: DescMessage, use: (type: DescMessage | DescEnum) => void): string {
  const lines: string[] = [];
  for (const member of message.members) {
    if (member.kind === "oneof") lines.push(...oneofLines(member, use));
    else lines.push(`  ${fieldLine(member, use)}`);
  }
  return lines.length === 0 ? `message ${message.typeName} {}` : `message ${message.typeName} {\n${lines.join("\n")}\n}`;
}

function oneofLines(oneof: DescOneof, use: (type: DescMessage | DescEnum) => void): string[] {
  return [`  oneof ${oneof.name} {`, ...oneof.fields.map((f) => `    ${fieldLine(f, use)}`), "  }"];
}

function enumShape(e: DescEnum): string {
  return `enum ${e.typeName} {\n${e.values.map((v) => `  ${v.name} = ${v.number};`).join("\n")}\n}`;
}

function fieldLine(field: DescField, use: (type: DescMessage | DescEnum) => void): string {
  let type: string;
  let scalar: ScalarType | undefined;
  switch (field.fieldKind) {
    case "scalar":
      scalar = field.scalar;
      type = `${field.proto.proto3Optional ? "optional " : ""}${scalarName(field.scalar)}`;
      break;
    case "enum":
      use(field.enum);
      type = `${field.proto.proto3Optional ? "optional " : ""}${field.enum.typeName}`;
      break;
    case "message":
      use(field.message);
      type = field.message.typeName;
      break;
    case "list":
      if (field.listKind === "scalar") scalar = field.scalar;
      if (field.listKind === "enum") use(field.enum);
      if (field.listKind === "message") use(field.message);
      type = `repeated ${field.listKind === "scalar" ? scalarName(field.scalar) : field.listKind === "enum" ? field.enum.typeName : field.message.typeName}`;
      break;
    case "map": {
      if (field.mapKind === "enum") use(field.enum);
      if (field.mapKind === "message") use(field.message);
      const value = field.mapKind === "scalar" ? scalarName(field.scalar) : field.mapKind === "enum" ? field.enum.typeName : field.message.typeName;
      type = `map<${scalarName(field.mapKey)}, ${value}>`;
      break;
    }
  }
  const btype = scalar === ScalarType.BYTES ? btypeNameOf(field) : undefined;
  const option = btype === undefined ? "" : ` [(koinos.btype) = ${btype}]`;
  const json = scalar === undefined ? undefined : jsonNote(field, scalar);
  return `${type} ${field.name} = ${field.number}${option};${json === undefined ? "" : `  // JSON: ${json}`}`;
}

/** How Koinos JSON writes a scalar that is not written as itself. */
function jsonNote(field: DescField, scalar: ScalarType): string | undefined {
  switch (scalar) {
    case ScalarType.BYTES: {
      const encoding = bytesEncodingOf(field);
      return encoding === "hex" ? '"0x" + hex' : encoding === "base58" ? "base58" : "base64url, padded";
    }
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return "decimal string";
    default:
      return undefined;
  }
}

function scalarName(scalar: ScalarType): string {
  return (ScalarType[scalar] ?? String(scalar)).toLowerCase();
}
