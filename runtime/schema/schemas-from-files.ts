import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { findEvents, type EventTopic } from "../../plugin/model/events.js";
import { checkRoutingKeys, findServices, type ServiceModel } from "../../plugin/model/services.js";
import { defineService, type MethodInit } from "../service-definition.js";
import { rawBytesType } from "./raw-bytes-type.js";
import type { MethodSchema, ServiceSchema } from "./service-schema.js";

/** A broadcast topic and its message, as the plugin's model finds them. */
export type TopicSchema = EventTopic;

/**
 * The Koinos services and broadcast topics of a set of proto files, found by
 * the plugin's own model (envelope pairs, Koinos's topics, the
 * `(koinos_mq.topic)` option): the same answer the generated code has.
 */
export function schemasFromFiles(files: readonly DescFile[]): { services: ServiceSchema[]; topics: TopicSchema[] } {
  const models = files.flatMap((file) => findServices(file));
  checkRoutingKeys(models);
  const services = models.map(serviceSchema);
  const topics = [...findEvents(files, []).values()].flat();
  return { services, topics };
}

function serviceSchema(model: ServiceModel): ServiceSchema {
  const methods = new Map<string, MethodSchema>();
  const inits: Record<string, MethodInit<Uint8Array, Uint8Array>> = {};
  for (const m of model.methods) {
    inits[m.localName] = { name: m.name, requestField: m.request.number, responseField: m.response.number, requestType: rawBytesType, responseType: rawBytesType };
  }
  const definition = defineService({
    name: model.name,
    routingKey: model.routingKey,
    requestEnvelope: model.request.typeName,
    responseEnvelope: model.response.typeName,
    ...(model.reserved === undefined ? {} : { reservedField: { request: model.reserved.request.number, response: model.reserved.response.number } }),
    errorField: model.error.number,
    methods: inits,
  });
  const schema: ServiceSchema = {
    name: model.name,
    package: model.request.file.proto.package,
    routingKey: model.routingKey,
    requestEnvelope: model.request,
    responseEnvelope: model.response,
    methods,
    definition,
  };
  for (const m of model.methods) {
    const raw = definition.methods[m.localName] as MethodSchema["raw"];
    methods.set(m.name, { name: m.name, service: schema, request: m.requestType as DescMessage, response: m.responseType as DescMessage, raw });
  }
  return schema;
}
