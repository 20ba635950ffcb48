import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/**
 * Koinos envelopes are a single oneof of messages, so their wire form is one
 * length-delimited field: encoding and decoding them here, around the
 * member's own codec, gives the exact bytes protobuf would while staying
 * independent of how the message generator represents oneofs.
 */

/** The bytes of an envelope whose member `field` holds `body`. */
export function encodeEnvelope(field: number, body: Uint8Array): Uint8Array {
  return new BinaryWriter().tag(field, WireType.LengthDelimited).bytes(body).finish();
}

/** The member set in an envelope: its field number and its message bytes. */
export interface EnvelopeMember {
  readonly field: number;
  readonly body: Uint8Array;
}

/**
 * Reads an envelope. Returns undefined when no member is set. As protobuf
 * does, the last member on the wire wins, and repeated occurrences of the
 * same message member merge (their bytes concatenate). Fields that are not
 * length-delimited cannot be members and are skipped as unknown fields.
 * Throws on bytes that are not protobuf.
 */
export function decodeEnvelope(bytes: Uint8Array): EnvelopeMember | undefined {
  const reader = new BinaryReader(bytes);
  let field = 0;
  let chunks: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (wireType !== WireType.LengthDelimited) {
      reader.skip(wireType, fieldNo);
      continue;
    }
    const body = reader.bytes();
    if (fieldNo !== field) {
      field = fieldNo;
      chunks = [];
    }
    chunks.push(body);
  }
  if (field === 0) return undefined;
  return { field, body: chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks) };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
