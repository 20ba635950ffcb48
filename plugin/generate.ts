import type { DescFile } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import { clientMethodDoc, emitClientClass } from "./emit/client-class.js";
import { emitEvents } from "./emit/events.js";
import { emitGatewayClient } from "./emit/gateway-client.js";
import { emitKoinosTypes, messagesOf } from "./emit/koinos-types.js";
import { koinosModule, messageRefs } from "./emit/message-refs.js";
import { emitServerInterface } from "./emit/server-interface.js";
import { emitServiceDefinition } from "./emit/service-definition.js";
import { checkImportSuffix } from "./import-suffix.js";
import { eventMapName, findEvents, type EventTopic } from "./model/events.js";
import { findGateways, type GatewayModel } from "./model/gateways.js";
import { checkRoutingKeys, findServices, type ServiceModel } from "./model/services.js";
import { pascalCase } from "./naming/case.js";
import { defaultEventMapName, eventTypeName, topicBuilderNames, topicConstantName } from "./naming/event-names.js";
import { fileDescName, koinosTypeName, wellKnownModule } from "./naming/koinos-type-names.js";
import { serviceNames } from "./naming/service-names.js";
import type { PluginOptions } from "./options.js";

/**
 * Writes one `<file><output_suffix>.ts` per proto file: with ts-proto
 * messages for every file (its descriptor and a KoinosType per message, then
 * its services and events), with protobuf-es messages only for files that
 * declare services or events (protoc-gen-es's `_pb` files hold the rest).
 */
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
  const outputModule = (file: DescFile) => koinosModule(file, options);
  const events = findEvents(schema.allFiles, options.eventTopics);
  checkRoutingKeys(schema.files.flatMap(servicesOf));
  const tsProto = options.messages === "ts-proto";

  for (const file of schema.files) {
    const services = servicesOf(file);
    const gateways = file.services.length === 0 ? [] : findGateways(file, [file, ...file.dependencies].flatMap(servicesOf));
    const topics = events.get(file) ?? [];
    // Well-known types get no output of ours (@bufbuild/protobuf has their descriptors).
    const types = tsProto && wellKnownModule(file) === undefined;
    if (!types && services.length === 0 && gateways.length === 0 && topics.length === 0) continue;
    const mapName = eventMapName(file, schema.allFiles) ?? defaultEventMapName(file.proto.package);
    checkExportedNames(file, services, gateways, topics, mapName, types ? options : undefined);

    const f = schema.generateFile(`${file.name}${options.outputSuffix}.ts`);
    f.preamble(file);
    if (types) emitKoinosTypes(f, file, schema.proto.protoFile.find((p) => p.name === file.proto.name) ?? file.proto, options);
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
    if (topics.length > 0) emitEvents(f, mapName, topics, refs);
  }
}

/** Two elements of one file must not generate the same exported name. */
function checkExportedNames(
  file: DescFile,
  services: readonly ServiceModel[],
  gateways: readonly GatewayModel[],
  topics: readonly EventTopic[],
  mapName: string,
  typesOf: PluginOptions | undefined,
): void {
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string) => {
    const earlier = owners.get(name);
    if (earlier !== undefined) throw new Error(`${file.proto.name}: ${earlier} and ${owner} would both generate the name ${name}`);
    owners.set(name, owner);
  };
  for (const s of services) for (const name of Object.values(serviceNames(s.name))) claim(name, `service ${s.request.typeName}`);
  for (const g of gateways) claim(`${pascalCase(g.service.name)}Client`, `service ${g.service.typeName}`);
  for (const t of topics) {
    if (t.params.length === 0) claim(topicConstantName(t.topic), `topic ${t.topic}`);
    else for (const name of Object.values(topicBuilderNames(t.topic))) claim(name, `topic ${t.topic}`);
  }
  if (topics.length > 0) {
    claim(mapName, "the event map");
    claim(eventTypeName(mapName), "the event type");
  }
  if (typesOf !== undefined) {
    claim(fileDescName(file), "the file descriptor");
    for (const m of messagesOf(file)) claim(koinosTypeName(m, typesOf.tsProto), `message ${m.typeName}`);
  }
}
