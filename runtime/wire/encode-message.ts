import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { fromPartial, type DeepPartial, type MessageType } from "../message-type.js";

const sharedWriter = new BinaryWriter();

/**
 * Encodes a partial message (defaults filled in as by `fromPartial`) into a
 * Buffer, as member `member` of an envelope when given. One writer serves
 * every call, since encoding is synchronous, and the result is a view of the
 * writer's output rather than another copy.
 */
export function encodeMessage<T>(type: MessageType<T>, partial: DeepPartial<T>, member?: number): Buffer {
  let bytes: Uint8Array;
  try {
    const message = fromPartial(type, partial);
    if (member === undefined) {
      type.encode(message, sharedWriter);
    } else {
      sharedWriter.tag(member, WireType.LengthDelimited).fork();
      type.encode(message, sharedWriter);
      sharedWriter.join();
    }
  } finally {
    // finish() also resets the writer after a failed encode.
    bytes = sharedWriter.finish();
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
