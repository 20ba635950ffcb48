import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { embedFileDesc, pathInFileDesc } from "@bufbuild/protobuf/codegenv2";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { fileDescName, koinosTypeName } from "../naming/koinos-type-names.js";
import { tsProtoMessageName } from "../naming/ts-proto-names.js";
import type { PluginOptions } from "../options.js";
import { tsProtoRefs } from "./message-refs.js";
import { runtimeType, runtimeValue } from "./runtime-symbols.js";

/**
 * The file's descriptor, embedded as protoc-gen-es embeds it, and one
 * `<message>Type` per message: ts-proto's codec coupled with the message's
 * descriptor, for Koinos JSON, type lookups, and the service definitions
 * and event maps that refer to them. `runtimeProto` is the file as the
 * compiler sends it (without source-retention options).
 */
export function emitKoinosTypes(f: GeneratedFile, file: DescFile, runtimeProto: FileDescriptorProto, options: PluginOptions): void {
  const refs = tsProtoRefs(f, options);
  const name = fileDescName(file);
  const { fileDesc, messageDesc, GenFile } = f.runtime.codegen;
  const deps: Printable[] = file.dependencies.length === 0 ? [] : [", ", f.array(file.dependencies.map((dep) => refs.fileDesc(dep)))];
  f.print(f.jsDoc(`Descriptor of ${file.proto.name}, for Koinos JSON and type lookups.`));
  f.print(f.export("const", name), ": ", GenFile, " = /*@__PURE__*/ ", fileDesc, "(", f.string(embedFileDesc(runtimeProto).base64()), ...deps, ");");
  f.print();
  for (const message of messagesOf(file)) {
    const typeName = koinosTypeName(message, options.tsProto);
    const doc = [`\`${tsProtoMessageName(message, options.tsProto)}\` with its descriptor, for Koinos JSON (\`toKoinosJson(${typeName}, message)\`) and type lookups.`];
    if (message.deprecated) doc.push("@deprecated");
    doc.push(`@generated from message ${message.typeName}`);
    f.print(f.jsDoc(doc.join("\n\n")));
    f.print(
      f.export("const", typeName), ": ", runtimeType(f, "KoinosType"), "<", refs.codec(message), "> = ",
      runtimeValue(f, "koinosType"), "(", refs.codec(message), ", ", messageDesc, "(", name, ", ", pathInFileDesc(message).join(", "), "));",
    );
    f.print();
  }
}

/** The messages of a file in declaration order, nested ones after their parent; map entries left out. */
export function messagesOf(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (messages: readonly DescMessage[]) => {
    for (const m of messages) {
      if (m.proto.options?.mapEntry === true) continue;
      out.push(m);
      visit(m.nestedMessages);
    }
  };
  visit(file.messages);
  return out;
}
