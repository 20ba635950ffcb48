import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import type { MessageType } from "./message-type.js";

/**
 * Adapts a protobuf-es message schema to the runtime's MessageType, for code
 * generated with `messages=protobuf-es`.
 */
export function protobufEsType<Desc extends DescMessage>(schema: Desc): MessageType<MessageShape<Desc>> {
  return {
    encode: (message, writer) => (writer instanceof BinaryWriter ? writer : new BinaryWriter()).raw(toBinary(schema, message)),
    decode: (input) => fromBinary(schema, input),
    fromPartial: ((init: Parameters<typeof create<Desc>>[1]) => create(schema, init)) as (object: never) => MessageShape<Desc>,
  };
}
