import { PathError } from "./path-error.js";

/** Wire types of the protobuf binary format. */
export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const SGROUP = 3;
export const EGROUP = 4;
export const I32 = 5;

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads protobuf wire format as Go's protowire does: varints of at most
 * ten bytes, lengths that must fit in what is left (a declared length over
 * 32 bits is truncated input, never cut to its low bits), field numbers in
 * 1..2^29-1. A varint's value is left in `lo`/`hi` (two 32-bit halves).
 */
export class WireReader {
  readonly buf: Uint8Array;
  #view: DataView | undefined;
  pos = 0;
  lo = 0;
  hi = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  /** A DataView of the buffer, made on first need (only fixed-width values need one). */
  get view(): DataView {
    return (this.#view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  /** Reads a varint of up to 64 bits ending before `end` into lo/hi. */
  varint(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= end) throw truncated();
    let b = buf[pos++] as number;
    if (b < 0x80) {
      this.lo = b;
      this.hi = 0;
      this.pos = pos;
      return;
    }
    let lo = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      if (pos >= end) throw truncated();
      b = buf[pos++] as number;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = 0;
        this.pos = pos;
        return;
      }
    }
    if (pos >= end) throw truncated();
    b = buf[pos++] as number;
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; shift < 31; shift += 7) {
        if (pos >= end) throw truncated();
        b = buf[pos++] as number;
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      if (b >= 0x80) {
        if (pos >= end) throw truncated();
        b = buf[pos++] as number;
        if (b > 1) throw new PathError("varint longer than 64 bits");
        hi |= b << 31;
      }
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.pos = pos;
  }

  /** A varint's low 32 bits, unsigned (what Go's uint32(v) keeps). */
  uint32(end: number): number {
    this.varint(end);
    return this.lo;
  }

  /** A varint's low 32 bits, signed (int32, enum). */
  int32(end: number): number {
    this.varint(end);
    return this.lo | 0;
  }

  /** A length prefix; the bytes it announces must lie before `end`. */
  length(end: number): number {
    this.varint(end);
    if (this.hi !== 0 || this.lo > end - this.pos) throw truncated();
    return this.lo;
  }

  fixed32(end: number): number {
    if (end - this.pos < 4) throw truncated();
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Eight bytes into lo/hi. */
  fixed64(end: number): void {
    if (end - this.pos < 8) throw truncated();
    this.lo = this.view.getUint32(this.pos, true);
    this.hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
  }

  float(end: number): number {
    if (end - this.pos < 4) throw truncated();
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  double(end: number): number {
    if (end - this.pos < 8) throw truncated();
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The bytes of a length-delimited field, as a view (not a copy). */
  bytes(end: number): Uint8Array {
    const n = this.length(end);
    const start = this.pos;
    this.pos += n;
    return this.buf.subarray(start, start + n);
  }

  /** A length-delimited UTF-8 string; invalid UTF-8 is refused, as Go refuses it. */
  string(end: number): string {
    const n = this.length(end);
    const buf = this.buf;
    const start = this.pos;
    this.pos += n;
    if (n < 32) {
      let s = "";
      for (let i = start; i < start + n; i++) {
        const c = buf[i] as number;
        if (c >= 0x80) return utf8(buf.subarray(start, start + n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf8(buf.subarray(start, start + n));
  }

  /**
   * A tag: returns the field number and leaves the wire type in `lo`
   * (reused to avoid an allocation). Field number 0 and numbers beyond
   * 2^29-1 are refused, as are wire types 6 and 7.
   */
  tag(end: number): number {
    this.varint(end);
    const wireType = this.lo & 7;
    const number = this.lo >>> 3;
    if (this.hi !== 0 || number === 0) throw new PathError("invalid field number");
    if (wireType > 5) throw new PathError(`invalid wire type ${wireType}`);
    this.lo = wireType;
    return number;
  }

  /** Skips the value of a field of `wireType` (a group up to its end tag). */
  skip(wireType: number, number: number, end: number): void {
    switch (wireType) {
      case VARINT:
        this.varint(end);
        return;
      case I64:
        if (end - this.pos < 8) throw truncated();
        this.pos += 8;
        return;
      case LEN: {
        const n = this.length(end);
        this.pos += n;
        return;
      }
      case I32:
        if (end - this.pos < 4) throw truncated();
        this.pos += 4;
        return;
      case SGROUP:
        this.skipGroup(number, end);
        return;
      default:
        throw new PathError(`unexpected end of group ${number}`);
    }
  }

  /** Skips a group's fields up to its end tag, and the end tag; returns where the end tag began. */
  skipGroup(number: number, end: number): number {
    for (;;) {
      const at = this.pos;
      const n = this.tag(end);
      const wireType = this.lo;
      if (wireType === EGROUP) {
        if (n !== number) throw new PathError(`end of group ${n} inside group ${number}`);
        return at;
      }
      this.skip(wireType, n, end);
    }
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new PathError("invalid UTF-8 in a string");
  }
}

function truncated(): PathError {
  return new PathError("truncated protobuf (a length or value runs past the end)");
}
