import type { DescMessage } from "@bufbuild/protobuf";
import type { MessageType } from "./message-type.js";
import { skipFromPartialWhenComplete } from "./wire/encode-message.js";

/**
 * A message type with its descriptor: the binary codec of the message
 * generator (ts-proto's encode/decode/fromPartial, or protobuf-es through
 * `protobufEsType`) and what Koinos JSON and type lookups need. Generated
 * code exports one per message, `<message>Type` (`getHeadInfoResponseType`);
 * service definitions and event maps refer to these.
 */
export interface KoinosType<T> extends MessageType<T> {
  /** The full proto name, `koinos.rpc.chain.get_head_info_response`. */
  readonly typeName: string;
  /** The message's descriptor (protobuf-es), from the schema the code was generated from. */
  readonly desc: DescMessage;
}

/**
 * Couples a message generator's codec with the message's descriptor. The
 * codec's functions are copied onto the result, so encoding and decoding
 * through it cost no extra call.
 */
export function koinosType<T>(codec: MessageType<T>, desc: DescMessage): KoinosType<T> {
  const type = { encode: codec.encode, decode: codec.decode, fromPartial: codec.fromPartial, typeName: desc.typeName, desc };
  skipFromPartialWhenComplete(type as KoinosType<unknown>, desc);
  return type;
}

/** True if `value` is a KoinosType (a codec with its descriptor). */
export function isKoinosType(value: unknown): value is KoinosType<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<KoinosType<unknown>>;
  return typeof v.encode === "function" && typeof v.decode === "function" && typeof v.typeName === "string" && typeof v.desc === "object" && v.desc?.kind === "message";
}
