import type { DescField, DescMessage, FileRegistry } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import { utils as koilib } from "koilib";
import { btypeName } from "./protobuf-es-oracle.js";
import type { RandomMessages } from "./random-message.js";

/**
 * Where koilib writes what Koinos writes (reference/koinos-json.md, "koilib"):
 * the bytes encodings per btype and 64-bit integers as strings, on messages
 * whose every field is set to a non-default value (koilib fills unset ones
 * with defaults). Messages with enums (koilib writes numbers), floats,
 * maps or Any (in them or below them) are left out, and recursive ones
 * (they cannot have every field set).
 */
export function koilibComparable(desc: DescMessage, path: readonly DescMessage[] = []): boolean {
  if (path.includes(desc) || desc.typeName.startsWith("google.protobuf.")) return false;
  return desc.fields.every((f) => {
    if (f.fieldKind === "map" || f.enum !== undefined) return false;
    if (f.scalar === ScalarType.FLOAT || f.scalar === ScalarType.DOUBLE) return false;
    return f.message === undefined || koilibComparable(f.message, [...path, desc]);
  });
}

/** Bytes for a field: a real address (version, hash, checksum) where the btype names an address or a contract, else random bytes. */
export function bytesFor(files: FileRegistry, random: RandomMessages): (field: DescField) => Uint8Array {
  return (field) => {
    const btype = btypeName(files, field);
    if (btype === "ADDRESS" || btype === "CONTRACT_ID") {
      const key = new Uint8Array(33).map(() => random.int(256));
      return koilib.decodeBase58(koilib.bitcoinAddress(key));
    }
    const b = new Uint8Array(1 + random.int(40));
    for (let i = 0; i < b.length; i++) b[i] = random.int(256);
    if (random.next() < 0.3) b[0] = 0;
    return b;
  };
}
