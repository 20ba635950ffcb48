import type { DescFile } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { clientMethodDoc, emitClientClass } from "./emit/client-class.js";
import { emitGatewayClient } from "./emit/gateway-client.js";
import { messageRefs } from "./emit/message-refs.js";
import { emitServerInterface } from "./emit/server-interface.js";
import { emitServiceDefinition } from "./emit/service-definition.js";
import { findGateways } from "./model/gateways.js";
import { findServices, type ServiceModel } from "./model/services.js";
import { serviceNames } from "./naming/service-names.js";
import type { PluginOptions } from "./options.js";
import { checkImportSuffix } from "./import-suffix.js";

/** Writes one `<file><output_suffix>.ts` per proto file that declares services. */
export function generateTs(schema: Schema<PluginOptions>): void {
  const options = schema.options;
  checkImportSuffix(options);
  const servicesCache = new Map<DescFile, ServiceModel[]>();
  const servicesOf = (file: DescFile) => {
    let services = servicesCache.get(file);
    if (services === undefined) {
      services = findServices(file);
      servicesCache.set(file, services);
    }
    return services;
  };
  const outputModule = (file: DescFile) => `./${file.name}${options.outputSuffix}.js`;

  for (const file of schema.files) {
    const services = servicesOf(file);
    const gateways = file.services.length === 0 ? [] : findGateways(file, [file, ...file.dependencies].flatMap(servicesOf));
    if (services.length === 0 && gateways.length === 0) continue;

    const f = schema.generateFile(`${file.name}${options.outputSuffix}.ts`);
    f.preamble(file);
    const refs = messageRefs(f, options);
    for (const service of services) {
      const names = serviceNames(service.name);
      emitServiceDefinition(f, service, refs);
      emitServerInterface(f, service, refs);
      emitClientClass(
        f,
        names.client,
        `A typed client of the ${service.name} microservice (queue \`${service.routingKey}\`).`,
        service.methods.map((m) => ({
          localName: m.localName,
          definition: [names.definition, ".methods.", m.localName],
          requestType: m.requestType,
          responseType: m.responseType,
          doc: clientMethodDoc([m.request, m.requestType], service.routingKey, m.name),
        })),
        refs,
      );
    }
    for (const gateway of gateways) emitGatewayClient(f, gateway, refs, outputModule);
  }
}
