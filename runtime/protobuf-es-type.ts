import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import type { KoinosType } from "./koinos-type.js";
import { checkLengths } from "./wire/check-lengths.js";

/**
 * Adapts a protobuf-es message schema to the runtime's KoinosType (a
 * MessageType with its descriptor), for code generated with
 * `messages=protobuf-es`. Its `desc` is the schema itself. Decoding refuses
 * tags and lengths over 32 bits, which `fromBinary` alone would read as
 * their low 32 bits.
 */
export function protobufEsType<Desc extends DescMessage>(schema: Desc): KoinosType<MessageShape<Desc>> {
  return {
    encode: (message, writer) => (writer instanceof BinaryWriter ? writer : new BinaryWriter()).raw(toBinary(schema, message)),
    decode: (input) => {
      checkLengths(schema, input);
      return fromBinary(schema, input);
    },
    fromPartial: ((init: Parameters<typeof create<Desc>>[1]) => create(schema, init)) as (object: never) => MessageShape<Desc>,
    typeName: schema.typeName,
    desc: schema,
  };
}
