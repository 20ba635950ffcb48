import type { MessageType } from "../message-type.js";
import { StrictReader } from "./strict-reader.js";

/**
 * Decodes a message, refusing tags and lengths over 32 bits (see
 * StrictReader) where the codec allows it: ts-proto's `decode` reads from a
 * BinaryReader it is given, so it gets a StrictReader; `protobufEsType`
 * checks its input itself. A codec that takes only bytes (ts-proto output
 * built against another copy of @bufbuild/protobuf, a hand-written codec)
 * decodes as it always does.
 */
export function decodeMessage<T>(type: MessageType<T>, bytes: Uint8Array): T {
  if (!readsFromReader(type)) return type.decode(bytes);
  return (type as unknown as ReaderDecoder<T>).decode(new StrictReader(bytes));
}

/** ts-proto's decoders take `BinaryReader | Uint8Array`; MessageType declares only the bytes. */
interface ReaderDecoder<T> {
  decode(input: StrictReader): T;
}

/** An unknown varint field (the highest field number) that a decoder must skip to the end. */
const probe = new Uint8Array([0xf8, 0xff, 0xff, 0xff, 0x0f, 0x01]);
const probed = new WeakMap<MessageType<unknown>, boolean>();

/**
 * Whether `type.decode` reads from a StrictReader it is handed: asked once
 * per type, by handing it one over `probe` and checking that it read to the
 * end. A codec that expects bytes throws or leaves the reader untouched.
 */
function readsFromReader(type: MessageType<unknown>): boolean {
  let reads = probed.get(type);
  if (reads === undefined) {
    const reader = new StrictReader(probe);
    try {
      (type as unknown as ReaderDecoder<unknown>).decode(reader);
      reads = reader.pos === probe.length;
    } catch {
      // Not a failure: the codec takes bytes only (protobuf-es's fromBinary throws on a reader).
      reads = false;
    }
    probed.set(type, reads);
  }
  return reads;
}
