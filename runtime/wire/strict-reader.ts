import { BinaryReader } from "@bufbuild/protobuf/wire";

/**
 * A BinaryReader that refuses a varint of more than 32 bits where protobuf
 * reads a tag, a length or a uint32. BinaryReader keeps the low 32 bits of
 * such a varint, so the length `80 80 80 80 10` (2^32) reads as 0 and a
 * member declared 4 GiB long decodes as an empty message; the Go and C++
 * decoders refuse it (a length past the end of the input), and so does this
 * reader. Values that protobuf itself encodes in more than 32 bits stay
 * accepted: a negative int32 (or enum) is a 10-byte varint, and an
 * overlong sint32 keeps its low 32 bits as in Go and C++.
 *
 * ts-proto's decoders read lengths and uint32 fields through the same
 * `uint32()`, so a uint32 field encoded in more than 32 bits is refused as
 * well, where Go and C++ would keep its low bits; no encoder writes one.
 */
export class StrictReader extends BinaryReader {
  readonly #bytes: Uint8Array;
  readonly #lenient: () => number;

  constructor(bytes: Uint8Array) {
    super(bytes);
    this.#bytes = bytes;
    // BinaryReader assigns its varint reader per instance; keep it for the signed types.
    this.#lenient = this.uint32;
    this.uint32 = () => this.#strictUint32();
  }

  override int32(): number {
    return this.#lenient.call(this) | 0;
  }

  override sint32(): number {
    const zigzag = this.#lenient.call(this);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  #strictUint32(): number {
    const bytes = this.#bytes;
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < 10; i++) {
      const byte = bytes[this.pos++];
      if (byte === undefined) throw new RangeError("premature EOF");
      if (i < 4) {
        value |= (byte & 0x7f) << (7 * i);
      } else if (i === 4) {
        if ((byte & 0x70) !== 0) throw overflow(start);
        value = (value | ((byte & 0x0f) << 28)) >>> 0;
      } else if ((byte & 0x7f) !== 0) {
        throw overflow(start);
      }
      if (byte < 0x80) return value;
    }
    throw new Error(`invalid varint at byte ${start}: longer than 10 bytes`);
  }
}

function overflow(at: number): Error {
  return new Error(`varint at byte ${at} is over 32 bits where a tag, a length or a uint32 belongs`);
}
