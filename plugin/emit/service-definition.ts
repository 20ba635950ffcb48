import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { ServiceModel } from "../model/services.js";
import { serviceNames } from "../naming/service-names.js";
import type { MessageRefs } from "./message-refs.js";
import { runtimeValue } from "./runtime-symbols.js";

/** The routing key constant and the `<Name>Service` definition of one service. */
export function emitServiceDefinition(f: GeneratedFile, service: ServiceModel, refs: MessageRefs): void {
  const names = serviceNames(service.name);
  f.print(f.jsDoc(`Routing key of the ${service.name} microservice: the name of its durable queue, bound to the exchange \`koinos.rpc\` under the same key.`));
  f.print(f.export("const", names.routingKey), " = ", f.string(service.routingKey), ";");
  f.print();
  const usage = `The ${service.name} microservice on queue \`${service.routingKey}\`: envelopes, methods and codecs. Serve it with \`bus.serve(${names.definition}, impl)\`; call it with \`new ${names.client}(bus)\`.`;
  // Not the envelopes' comments: they describe the envelope messages, and stay on ts-proto's types.
  const deprecated = service.request.deprecated ? ["@deprecated"] : [];
  f.print(f.jsDoc([usage, `@generated from envelopes ${service.request.typeName} and ${service.response.typeName}`, ...deprecated].join("\n\n")));
  f.print(f.export("const", names.definition), " = ", runtimeValue(f, "defineService"), "({");
  f.print("  name: ", f.string(service.name), ",");
  f.print("  routingKey: ", names.routingKey, ",");
  f.print("  requestEnvelope: ", f.string(service.request.typeName), ",");
  f.print("  responseEnvelope: ", f.string(service.response.typeName), ",");
  if (service.reserved !== undefined) {
    f.print("  reservedField: { request: ", service.reserved.request.number, ", response: ", service.reserved.response.number, " },");
  }
  f.print("  errorField: ", service.error.number, ",");
  f.print("  methods: {");
  for (const m of service.methods) {
    f.print("    ", m.localName, ": {");
    f.print("      name: ", f.string(m.name), ",");
    f.print("      requestField: ", m.request.number, ",");
    f.print("      responseField: ", m.response.number, ",");
    f.print("      requestType: ", refs.codec(m.requestType), ",");
    f.print("      responseType: ", refs.codec(m.responseType), ",");
    f.print("    },");
  }
  f.print("  },");
  f.print("});");
  f.print();
}
