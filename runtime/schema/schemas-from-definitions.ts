import { createRegistry, type DescMessage } from "@bufbuild/protobuf";
import { InvalidArgumentError } from "../errors.js";
import { isKoinosType } from "../koinos-type.js";
import { defineService, type MethodDefinition, type MethodInit, type ServiceDefinition } from "../service-definition.js";
import { rawBytesType } from "./raw-bytes-type.js";
import type { MethodSchema, ServiceSchema } from "./service-schema.js";

/**
 * The schema of a generated service definition (`ChainService`): its
 * methods' types carry their descriptors (`KoinosType`), from which the
 * envelopes are found too.
 */
export function schemaFromDefinition(definition: ServiceDefinition): ServiceSchema {
  const first = Object.values(definition.methods)[0];
  const files = Object.values(definition.methods).flatMap((m) => [descOf(definition, m, "request").file, descOf(definition, m, "response").file]);
  const registry = createRegistry(...new Set(files));
  const envelope = (typeName: string) => {
    const desc = registry.getMessage(typeName);
    if (desc === undefined) throw new InvalidArgumentError(`${definition.name}: the envelope ${typeName} is not among the descriptors of its methods' files`);
    return desc;
  };
  const inits: Record<string, MethodInit<Uint8Array, Uint8Array>> = {};
  for (const [key, m] of Object.entries(definition.methods)) {
    inits[key] = { name: m.name, requestField: m.requestField, responseField: m.responseField, requestType: rawBytesType, responseType: rawBytesType };
  }
  const raw = defineService({ ...definition, methods: inits });
  const methods = new Map<string, MethodSchema>();
  const requestEnvelope = envelope(definition.requestEnvelope);
  const schema: ServiceSchema = {
    name: definition.name,
    package: requestEnvelope.file.proto.package,
    routingKey: definition.routingKey,
    requestEnvelope,
    responseEnvelope: envelope(definition.responseEnvelope),
    methods,
    definition: raw,
  };
  for (const [key, m] of Object.entries(definition.methods)) {
    methods.set(m.name, {
      name: m.name,
      service: schema,
      request: descOf(definition, m, "request"),
      response: descOf(definition, m, "response"),
      raw: raw.methods[key] as MethodSchema["raw"],
    });
  }
  if (first === undefined) throw new InvalidArgumentError(`${definition.name}: a service without methods has nothing to call`);
  return schema;
}

function descOf(definition: ServiceDefinition, method: MethodDefinition, side: "request" | "response"): DescMessage {
  const type = side === "request" ? method.requestType : method.responseType;
  if (!isKoinosType(type)) {
    throw new InvalidArgumentError(`${definition.name}.${method.name}: its ${side} type has no descriptor; regenerate with this plugin's version (ts-proto mode) or use protobufEsType`);
  }
  return type.desc;
}
