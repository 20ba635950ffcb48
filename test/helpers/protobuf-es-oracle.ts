import { getOption, type DescField, type DescMessage, type FileRegistry, type JsonValue as EsJson } from "@bufbuild/protobuf";
import type { GenExtension } from "@bufbuild/protobuf/codegenv2";
import type { FieldOptions } from "@bufbuild/protobuf/wkt";
import { utils as koilib } from "koilib";
import type { JsonObject, JsonValue } from "../../runtime/index.js";

/**
 * What Koinos JSON should be, computed from protobuf-es's own protojson
 * writer (`toJson` with proto field names), which follows the same
 * protojson rules: its bytes (standard base64) re-encoded as their
 * `(koinos.btype)` says, read here with protobuf-es's getOption and encoded
 * with koilib's helpers, and its floats written as the shortest decimal
 * that reads back to the same float, as Go writes them.
 */
export function koinosFromProtobufEs(files: FileRegistry, desc: DescMessage, json: EsJson): JsonValue {
  return new Oracle(files).message(desc, json);
}

/** The name of a bytes field's btype, or BASE64. */
export function btypeName(files: FileRegistry, field: DescField): string {
  const ext = files.getExtension("koinos.btype");
  if (ext === undefined || field.proto.options === undefined) return "BASE64";
  return ext.enum?.value[getOption(field, ext as GenExtension<FieldOptions, number>) as number]?.name ?? "BASE64";
}

class Oracle {
  constructor(readonly files: FileRegistry) {}

  message(desc: DescMessage, json: EsJson): JsonValue {
    switch (desc.typeName) {
      case "google.protobuf.Any": {
        const obj = json as { [k: string]: EsJson };
        const url = obj["@type"];
        if (typeof url !== "string") return json as JsonValue;
        const packed = this.files.getMessage(url.substring(url.lastIndexOf("/") + 1)) as DescMessage;
        if (packed.typeName.startsWith("google.protobuf.")) return { "@type": url, value: this.message(packed, obj["value"] as EsJson) };
        return { "@type": url, ...(this.message(packed, json) as JsonObject) };
      }
      case "google.protobuf.BytesValue":
        return base64Url(Buffer.from(json as string, "base64"));
      case "google.protobuf.FloatValue":
        return shortestFloat(json as number | string);
      case "google.protobuf.Struct":
      case "google.protobuf.Value":
      case "google.protobuf.ListValue":
        return json as JsonValue;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return json as JsonValue;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(json)) {
      if (key === "@type") continue;
      out[key] = this.field(desc.fields.find((f) => f.name === key) as DescField, value);
    }
    return out;
  }

  field(field: DescField, value: EsJson): JsonValue {
    const one = (v: EsJson): JsonValue => {
      if (field.message !== undefined) return this.message(field.message, v);
      if (field.scalar === 12) return this.bytes(field, Buffer.from(v as string, "base64"));
      if (field.scalar === 2) return shortestFloat(v as number | string);
      return v as JsonValue;
    };
    if (field.fieldKind === "list") return (value as EsJson[]).map(one);
    if (field.fieldKind === "map") return Object.fromEntries(Object.entries(value as { [k: string]: EsJson }).map(([k, v]) => [k, one(v)]));
    return one(value);
  }

  bytes(field: DescField, bytes: Uint8Array): string {
    switch (field.fieldKind === "map" ? "BASE64" : btypeName(this.files, field)) {
      case "HEX":
      case "BLOCK_ID":
      case "TRANSACTION_ID":
        return `0x${koilib.toHexString(bytes)}`;
      case "BASE58":
      case "CONTRACT_ID":
      case "ADDRESS":
        return koilib.encodeBase58(bytes);
      default:
        return base64Url(bytes);
    }
  }
}

/** URL-safe base64 with padding (Node's base64url leaves the padding out). */
export function base64Url(bytes: Uint8Array): string {
  const s = Buffer.from(bytes).toString("base64url");
  return s + "=".repeat((4 - (s.length % 4)) % 4);
}

function shortestFloat(v: number | string): number | string {
  if (typeof v === "string") return v;
  for (let p = 1; p <= 9; p++) if (Math.fround(Number(v.toPrecision(p))) === v) return Number(v.toPrecision(p));
  return v;
}

