import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { fileDescName, koinosTypeName, wellKnownModule, wellKnownSchemaName } from "../naming/koinos-type-names.js";
import { tsProtoMessageName, tsProtoModule } from "../naming/ts-proto-names.js";
import type { PluginOptions } from "../options.js";
import { runtimeValue } from "./runtime-symbols.js";

/** How generated code refers to a message written by the message generator. */
export interface MessageRefs {
  /** The message's TypeScript type. */
  type(message: DescMessage): Printable;
  /** An expression for its `KoinosType` (encode, decode, fromPartial, descriptor). */
  codec(message: DescMessage): Printable;
}

/** The module this plugin writes for a proto file: `./koinos/common_mq.js`. */
export function koinosModule(file: DescFile, options: PluginOptions): string {
  return `./${file.name}${options.outputSuffix}.js`;
}

export function messageRefs(f: GeneratedFile, options: PluginOptions): MessageRefs {
  if (options.messages === "protobuf-es") {
    return {
      type: (message) => f.importShape(message),
      codec: (message) => [runtimeValue(f, "protobufEsType"), "(", f.importSchema(message), ")"],
    };
  }
  const ts = tsProtoRefs(f, options);
  return {
    type: ts.codec,
    codec: (message) => {
      const wkt = wellKnownModule(message.file);
      // Well-known types get no output of ours: their descriptors come with @bufbuild/protobuf.
      if (wkt !== undefined) return [runtimeValue(f, "koinosType"), "(", ts.codec(message), ", ", f.import(wellKnownSchemaName(message), wkt), ")"];
      return f.import(koinosTypeName(message, options.tsProto), koinosModule(message.file, options));
    },
  };
}

/** References to ts-proto's output and to the file descriptors this plugin embeds (ts-proto mode). */
export interface TsProtoRefs {
  /** ts-proto declares an interface and a `MessageFns` const under one name. */
  codec(message: DescMessage): Printable;
  /** The file's descriptor: ours, or @bufbuild/protobuf's for well-known types. */
  fileDesc(file: DescFile): Printable;
}

export function tsProtoRefs(f: GeneratedFile, options: PluginOptions): TsProtoRefs {
  return {
    codec: (message) => f.import(tsProtoMessageName(message, options.tsProto), tsProtoModule(message.file, options.tsProto)),
    fileDesc: (file) => f.import(fileDescName(file), wellKnownModule(file) ?? koinosModule(file, options)),
  };
}
