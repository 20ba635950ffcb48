import type { DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import { docText } from "./doc.js";
import type { MessageRefs } from "./message-refs.js";
import { runtimeType, runtimeValue } from "./runtime-symbols.js";

/** One method of a generated client: the definition it sends through and its docs. */
export interface ClientMethod {
  readonly localName: string;
  /** Expression for the `MethodDefinition`, e.g. `ChainService.methods.getHeadInfo`. */
  readonly definition: Printable;
  readonly requestType: DescMessage;
  readonly responseType: DescMessage;
  readonly doc: string;
}

/** A client class with one typed method per RPC, each sent through an `RpcCaller`. */
export function emitClientClass(f: GeneratedFile, name: string, doc: string, methods: readonly ClientMethod[], refs: MessageRefs): void {
  const caller = runtimeType(f, "RpcCaller");
  const options = runtimeType(f, "CallOptions");
  const partial = runtimeType(f, "DeepPartial");
  f.print(f.jsDoc(doc));
  f.print(f.export("class", name), " {");
  f.print("  readonly #caller: ", caller, ";");
  f.print();
  f.print(f.jsDoc("@param caller the bus from `connect()`, or another `RpcCaller`\n@param defaults call options used where a call leaves them unset", "  "));
  f.print("  constructor(caller: ", caller, ", defaults?: ", options, ") {");
  f.print("    this.#caller = ", runtimeValue(f, "withCallDefaults"), "(caller, defaults);");
  f.print("  }");
  for (const m of methods) {
    f.print();
    f.print(f.jsDoc(m.doc, "  "));
    // An empty request carries nothing, so callers may leave it out.
    const optional = m.requestType.fields.length === 0 ? " = {}" : "";
    f.print("  ", m.localName, "(request: ", partial, "<", refs.type(m.requestType), ">", optional, ", options?: ", options, "): Promise<", refs.type(m.responseType), "> {");
    f.print("    return this.#caller.call(", m.definition, ", request, options);");
    f.print("  }");
  }
  f.print("}");
  f.print();
}

/** The docs of a client method: proto comments plus where it goes. */
export function clientMethodDoc(sources: Parameters<typeof docText>[0], routingKey: string, member: string): string {
  return docText(sources, [`Sends \`${member}\` to \`${routingKey}\`.`]);
}
