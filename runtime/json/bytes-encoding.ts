import { getOption, hasOption, type DescExtension, type DescField, type DescFile } from "@bufbuild/protobuf";
import { base58Decode, base58Encode } from "./bytes/base58.js";
import { base64UrlDecode, base64UrlEncode } from "./bytes/base64url.js";
import { hexDecode, hexEncode } from "./bytes/hex.js";

/** How Koinos JSON writes a bytes field, chosen by its `(koinos.btype)` option. */
export type BytesEncoding = "base64" | "base58" | "hex";

/** The values of the koinos.bytes_type enum, by name, and the encoding each one means. */
const encodingByBtypeName: Readonly<Record<string, BytesEncoding>> = {
  BASE64: "base64",
  BASE58: "base58",
  HEX: "hex",
  BLOCK_ID: "hex",
  TRANSACTION_ID: "hex",
  CONTRACT_ID: "base58",
  ADDRESS: "base58",
};

/** The name of the field option that picks the encoding (koinos/options.proto). */
const BTYPE_EXTENSION = "koinos.btype";

const btypeOfFile = new WeakMap<DescFile, DescExtension | null>();

/**
 * The `koinos.btype` extension among `file` and its imports (transitively),
 * if any: a field can only carry the option when its file imports it.
 */
function findBtype(file: DescFile): DescExtension | undefined {
  const cached = btypeOfFile.get(file);
  if (cached !== undefined) return cached ?? undefined;
  let found: DescExtension | undefined;
  const seen = new Set<DescFile>();
  const visit = (f: DescFile): void => {
    if (found !== undefined || seen.has(f)) return;
    seen.add(f);
    found = f.extensions.find((e) => e.typeName === BTYPE_EXTENSION && e.extendee.typeName === "google.protobuf.FieldOptions");
    for (const dep of f.dependencies) visit(dep);
  };
  visit(file);
  btypeOfFile.set(file, found ?? null);
  return found;
}

/**
 * The name of the value a bytes field's `(koinos.btype)` option sets
 * (`BLOCK_ID`), read from the schema's own koinos.bytes_type enum;
 * undefined when the field does not set the option.
 */
export function btypeNameOf(field: DescField): string | undefined {
  if (field.proto.options === undefined) return undefined;
  const btype = findBtype(field.parent.file);
  if (btype === undefined || btype.fieldKind !== "enum" || !hasOption(field, btype)) return undefined;
  const value = getOption(field, btype as Parameters<typeof getOption>[1]) as unknown;
  return typeof value === "number" ? btype.enum.value[value]?.name : undefined;
}

/**
 * The encoding of a bytes field, chosen by its `(koinos.btype)`; BASE64
 * when the option is absent or its value is not one Koinos knows (as Go does).
 */
export function bytesEncodingOf(field: DescField): BytesEncoding {
  const name = btypeNameOf(field);
  return (name === undefined ? undefined : encodingByBtypeName[name]) ?? "base64";
}

export function encodeBytes(bytes: Uint8Array, encoding: BytesEncoding): string {
  return encoding === "hex" ? hexEncode(bytes) : encoding === "base58" ? base58Encode(bytes) : base64UrlEncode(bytes);
}

/** Decodes `text`: a view valid until the next decode (see decodeBuffer), or the reason as a string when it is not valid in `encoding`. */
export function decodeBytes(text: string, encoding: BytesEncoding): Uint8Array | string {
  return encoding === "hex" ? hexDecode(text) : encoding === "base58" ? base58Decode(text) : base64UrlDecode(text);
}
