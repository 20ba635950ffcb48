import { WireType } from "@bufbuild/protobuf/wire";
import { StrictReader } from "./strict-reader.js";

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
 * Reads an envelope. As protobuf does, the last member on the wire wins,
 * repeated occurrences of the same member merge (their bytes concatenate),
 * and other fields are unknown fields, skipped: fields that are not
 * length-delimited, and, when `isMember` is given, length-delimited fields it
 * does not know. Returns the member; else the last unknown length-delimited
 * field, so that the caller can name it; else undefined (nothing is set).
 * Throws on bytes that are not protobuf, including a tag or a length over 32
 * bits (Go and C++ refuse those too).
 */
export function decodeEnvelope(bytes: Uint8Array, isMember?: (field: number) => boolean): EnvelopeMember | undefined {
  return decodeSingle(bytes) ?? decodeGeneral(bytes, isMember);
}

/** The usual case, read without a reader and without allocating: exactly one length-delimited field. */
function decodeSingle(bytes: Uint8Array): EnvelopeMember | undefined {
  const tag = readVarint(bytes, 0);
  if (tag < 0) return undefined;
  const tagValue = varintValue;
  if ((tagValue & 7) !== WireType.LengthDelimited || tagValue >>> 3 === 0) return undefined;
  const start = readVarint(bytes, tag);
  if (start < 0 || start + varintValue !== bytes.length) return undefined;
  return { field: tagValue >>> 3, body: bytes.subarray(start) };
}

function decodeGeneral(bytes: Uint8Array, isMember: ((field: number) => boolean) | undefined): EnvelopeMember | undefined {
  const reader = new StrictReader(bytes);
  let field = 0;
  let chunks: Uint8Array[] = [];
  let unknown: EnvelopeMember | undefined;
  while (reader.pos < reader.len) {
    const [fieldNo, wireType] = reader.tag();
    if (wireType !== WireType.LengthDelimited) {
      reader.skip(wireType, fieldNo);
      continue;
    }
    const body = reader.bytes();
    if (isMember !== undefined && !isMember(fieldNo)) {
      unknown = { field: fieldNo, body };
      continue;
    }
    if (fieldNo !== field) {
      field = fieldNo;
      chunks = [];
    }
    chunks.push(body);
  }
  if (field === 0) return unknown;
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

/** The value of the varint readVarint read last. */
let varintValue = 0;

/**
 * Reads a varint of at most 32 bits at `at` into `varintValue` and returns
 * the position after it, or -1 if the bytes end first or it is longer.
 */
function readVarint(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = bytes[at++];
    if (byte === undefined) return -1;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      if (value > 0xffffffff) return -1;
      varintValue = value;
      return at;
    }
  }
  return -1;
}
