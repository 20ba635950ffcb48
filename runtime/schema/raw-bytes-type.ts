import { BinaryWriter } from "@bufbuild/protobuf/wire";
import type { MessageType, MessageWriter } from "../message-type.js";

/**
 * A "message type" whose messages are their own protobuf bytes: encoding
 * writes them as they are, decoding returns them. With it a service method
 * carries exactly the bytes that Koinos JSON (or a user) produced, and hands
 * back the response member's bytes undecoded, for code that has schemas
 * only at run time (the JSON-RPC gateway, the CLI).
 */
export const rawBytesType: MessageType<Uint8Array> = {
  encode: (message: Uint8Array, writer?: MessageWriter) => (writer instanceof BinaryWriter ? writer : new BinaryWriter()).raw(message),
  decode: (input: Uint8Array) => input,
  fromPartial: ((bytes: Uint8Array) => bytes) as (object: never) => Uint8Array,
};
