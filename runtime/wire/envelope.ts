import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/**
 * Koinos envelopes are a single oneof of messages, so their wire form is one
 * length-delimited field: encoding and decoding them here, around the
 * member's own codec, gives the exact bytes protobuf would while staying
 * independent of how the message generator represents oneofs.
 */

/** The bytes of an envelope whose member `field` holds `body`: one allocation, one copy. */
export function encodeEnvelope(field: number, body: Uint8Array): Buffer {
  const tag = (field << 3) | WireType.LengthDelimited;
  const out = Buffer.allocUnsafe(varintSize(tag) + varintSize(body.length) + body.length);
  const at = writeVarint(out, writeVarint(out, 0, tag), body.length);
  out.set(body, at);
  return out;
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
  return decodeSingle(bytes) ?? decodeGeneral(bytes);
}

/** The usual case, read without a reader: exactly one length-delimited field. */
function decodeSingle(bytes: Uint8Array): EnvelopeMember | undefined {
  const tag = readVarint(bytes, 0);
  if (tag === undefined || (tag.value & 7) !== WireType.LengthDelimited || tag.value >>> 3 === 0) return undefined;
  const length = readVarint(bytes, tag.next);
  if (length === undefined || length.next + length.value !== bytes.length) return undefined;
  return { field: tag.value >>> 3, body: bytes.subarray(length.next) };
}

function decodeGeneral(bytes: Uint8Array): EnvelopeMember | undefined {
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

function varintSize(value: number): number {
  let size = 1;
  for (let v = value >>> 7; v !== 0; v >>>= 7) size++;
  return size;
}

function writeVarint(out: Buffer, at: number, value: number): number {
  let v = value >>> 0;
  while (v > 0x7f) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

/** A varint of at most 32 bits at `at`, or undefined if the bytes end first or it is longer. */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = bytes[at++];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value > 0xffffffff ? undefined : { value, next: at };
  }
  return undefined;
}
