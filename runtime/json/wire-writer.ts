import { PathError } from "./path-error.js";

const encoder = new TextEncoder();

/** String.prototype.isWellFormed (ES2024, in Node 20): false for a lone UTF-16 surrogate. */
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Writes protobuf wire format into one growing buffer. A length-delimited
 * value reserves one byte for its length and moves its body when the
 * length needs more, so nested messages are written in one pass without a
 * size pre-computation or a buffer of their own.
 */
export class WireWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** The bytes written, as a copy the caller owns. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** An unsigned varint of a value in 0..2^32-1. */
  uint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** A signed 32-bit varint: negative values take ten bytes, sign-extended to 64 bits. */
  int32(v: number): void {
    if (v >= 0) this.uint32(v);
    else this.varint64(v >>> 0, 0xffffffff);
  }

  /** A varint of 64 bits given as two unsigned 32-bit halves. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    this.view.setUint32(this.pos, lo, true);
    this.view.setUint32(this.pos + 4, hi, true);
    this.pos += 8;
  }

  float(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A length-prefixed UTF-8 string; a lone surrogate is refused. */
  string(s: string): void {
    const n = s.length;
    if (n < 64) {
      this.ensure(1 + n);
      const buf = this.buf;
      let pos = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = pos;
        return;
      }
    }
    // A lone surrogate has no UTF-8 form: refused, as Go's JSON decoder refuses its escape.
    if (!isWellFormed(s)) throw new PathError("a string with a lone UTF-16 surrogate (no UTF-8 form)");
    const start = this.begin();
    this.ensure(n * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
    this.end(start);
  }

  /** Starts a length-delimited value; pass the result to `end`. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends a length-delimited value begun at `start`: writes its length, moving the body if the length takes more than a byte. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const size = length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : length < 1 << 28 ? 4 : 5;
    this.ensure(size - 1);
    const buf = this.buf;
    buf.copyWithin(start + size, start + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    let pos = start;
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos] = v;
  }
}
