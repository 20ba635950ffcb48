import type { DescFile } from "@bufbuild/protobuf";
import type { GeneratedFile, Printable } from "@bufbuild/protoplugin";
import type { GatewayModel } from "../model/gateways.js";
import { pascalCase } from "../naming/case.js";
import { serviceNames } from "../naming/service-names.js";
import { clientMethodDoc, emitClientClass } from "./client-class.js";
import type { MessageRefs } from "./message-refs.js";

/** `<Name>Client` for a gateway: each method goes to the queue of the service that owns it. */
export function emitGatewayClient(
  f: GeneratedFile,
  gateway: GatewayModel,
  refs: MessageRefs,
  definitionModule: (file: DescFile) => string,
): void {
  const here = gateway.service.file;
  const definitions = new Map<string, Printable>();
  const definitionOf = (m: GatewayModel["methods"][number]): Printable => {
    const name = serviceNames(m.target.name).definition;
    const file = m.target.request.file;
    let symbol = definitions.get(name);
    if (symbol === undefined) {
      symbol = file === here ? name : f.import(name, definitionModule(file));
      definitions.set(name, symbol);
    }
    return symbol;
  };
  const targets = [...new Set(gateway.methods.map((m) => m.target.name))].join(", ");
  emitClientClass(
    f,
    `${pascalCase(gateway.service.name)}Client`,
    `A client of ${gateway.service.typeName}: each method is sent to the queue of the microservice that owns it (${targets}).`,
    gateway.methods.map((m) => ({
      localName: m.localName,
      definition: [definitionOf(m), ".methods.", m.method.localName],
      requestType: m.method.requestType,
      responseType: m.method.responseType,
      // The method the rpc stands for documents it; the rpc's own comment only if that has none.
      doc: clientMethodDoc([m.method.request, m.method.requestType, m.rpc], m.target.routingKey, m.method.name),
    })),
    refs,
  );
}
