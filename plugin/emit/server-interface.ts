import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { ServiceModel } from "../model/services.js";
import { serviceNames } from "../naming/service-names.js";
import { docText } from "./doc.js";
import type { MessageRefs } from "./message-refs.js";
import { runtimeType } from "./runtime-symbols.js";

/** `<Name>Server`: the interface a TypeScript implementation of the service provides. */
export function emitServerInterface(f: GeneratedFile, service: ServiceModel, refs: MessageRefs): void {
  const names = serviceNames(service.name);
  const context = runtimeType(f, "CallContext");
  const result = runtimeType(f, "HandlerResult");
  f.print(f.jsDoc(`What a ${service.name} server implements: one method per RPC. A method may return a partial response (missing fields take their defaults); a thrown error becomes an \`error\` reply. Pass it to \`bus.serve(${names.definition}, impl)\`.`));
  f.print(f.export("interface", names.server), " {");
  for (const m of service.methods) {
    f.print(f.jsDoc(docText([m.request, m.requestType], [`@generated from ${service.request.typeName}.${m.name}`]), "  "));
    f.print("  ", m.localName, "(request: ", refs.type(m.requestType), ", context: ", context, "): ", result, "<", refs.type(m.responseType), ">;");
  }
  f.print("}");
  f.print();
}
