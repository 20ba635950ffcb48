import { WireType } from "@bufbuild/protobuf/wire";
import { InvalidArgumentError } from "../errors.js";
import type { DescMessage } from "@bufbuild/protobuf";
import { fromPartial, type DeepPartial, type MessageType } from "../message-type.js";
import { isCompleteMessage } from "./complete-message.js";
import { PooledWriter } from "./pooled-writer.js";

const sharedWriter = new PooledWriter();

/**
 * Types whose complete messages may be encoded without fromPartial, with
 * their descriptors: ts-proto codecs coupled with a descriptor by
 * `koinosType` (protobuf-es's `create` is cheap already, and wants its own
 * message objects).
 */
const completeWhenSkippable = new WeakMap<MessageType<unknown>, DescMessage>();

/** Lets `encodeMessage` skip fromPartial for complete messages of `type` (a ts-proto codec of `desc`). */
export function skipFromPartialWhenComplete(type: MessageType<unknown>, desc: DescMessage): void {
  completeWhenSkippable.set(type, desc);
}

/**
 * Encodes a partial message (defaults filled in as by `fromPartial`) into a
 * Buffer, as member `member` of an envelope when given. One writer serves
 * every call, since encoding is synchronous; the result is a copy from
 * Node's buffer pool. A message that does not encode
 * (a value of the wrong type, say) is an InvalidArgumentError.
 */
export function encodeMessage<T>(type: MessageType<T>, partial: DeepPartial<T>, member?: number): Buffer {
  let bytes: Buffer;
  let failure: unknown;
  try {
    // A complete message of a generated (ts-proto) type needs no fromPartial: it would only copy it.
    const desc = completeWhenSkippable.get(type as MessageType<unknown>);
    const message = desc !== undefined && isCompleteMessage(desc, partial) ? (partial as T) : fromPartial(type, partial);
    if (member === undefined) {
      type.encode(message, sharedWriter);
    } else {
      sharedWriter.tag(member, WireType.LengthDelimited).fork();
      type.encode(message, sharedWriter);
      sharedWriter.join();
    }
  } catch (error) {
    failure = error;
  } finally {
    // take() also resets the writer after a failed encode.
    bytes = sharedWriter.take();
  }
  if (failure !== undefined) {
    throw new InvalidArgumentError(`the message does not encode: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
  }
  return bytes;
}
