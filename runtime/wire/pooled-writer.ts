import { BinaryWriter } from "@bufbuild/protobuf/wire";

/** What a BinaryWriter of @bufbuild/protobuf 2.x holds: its growable buffer and write position. */
interface WriterState {
  buffer: unknown;
  pos: unknown;
  stackPos: unknown;
}

/**
 * A BinaryWriter whose output is taken as a Node Buffer from Node's pool:
 * `finish()` copies into a new ArrayBuffer (`Uint8Array.slice`), which
 * costs more than the encoding of a small message; `Buffer.allocUnsafe`
 * takes small buffers from a shared slab instead. Relies on the writer's
 * fields (`buffer`, `pos`, `stackPos` in @bufbuild/protobuf 2.17) and uses
 * `finish()` whenever they are not there.
 */
export class PooledWriter extends BinaryWriter {
  /** The bytes written, as a Buffer of their own, and the writer reset. */
  take(): Buffer {
    const state = this as unknown as WriterState;
    if (!(state.buffer instanceof Uint8Array) || typeof state.pos !== "number" || !Array.isArray(state.stackPos)) {
      const bytes = this.finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const out = Buffer.allocUnsafe(state.pos);
    out.set(state.buffer.subarray(0, state.pos));
    state.pos = 0;
    state.stackPos = [];
    return out;
  }
}
