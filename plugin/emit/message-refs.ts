import type { DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { tsProtoMessageName, tsProtoModule } from "../naming/ts-proto-names.js";
import type { PluginOptions } from "../options.js";
import { runtimeValue } from "./runtime-symbols.js";

/** How generated code refers to a message written by the message generator. */
export interface MessageRefs {
  /** The message's TypeScript type. */
  type(message: DescMessage): Printable;
  /** An expression for its `MessageType` (encode, decode, fromPartial). */
  codec(message: DescMessage): Printable;
}

export function messageRefs(f: GeneratedFile, options: PluginOptions): MessageRefs {
  if (options.messages === "protobuf-es") {
    return {
      type: (message) => f.importShape(message),
      codec: (message) => [runtimeValue(f, "protobufEsType"), "(", f.importSchema(message), ")"],
    };
  }
  // ts-proto declares an interface and a MessageFns const under one name.
  const symbol = (message: DescMessage) =>
    f.import(tsProtoMessageName(message, options.tsProto), tsProtoModule(message.file, options.tsProto));
  return { type: symbol, codec: symbol };
}
