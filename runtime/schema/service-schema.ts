import type { DescMessage } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";

/**
 * A Koinos service as code with run-time schemas sees it: its envelopes and,
 * per method, the request and response message descriptors (for Koinos
 * JSON) and a raw method definition, so that `bus.call(method.raw, bytes)`
 * sends exactly `bytes` as the request member and resolves with the
 * response member's bytes.
 */
export interface ServiceSchema {
  /** `chain`: the envelope prefix. */
  readonly name: string;
  /** `koinos.rpc.chain`: the proto package of the envelopes. */
  readonly package: string;
  /** `koinos.rpc.chain`: the queue and its routing key. */
  readonly routingKey: string;
  readonly requestEnvelope: DescMessage;
  readonly responseEnvelope: DescMessage;
  /** Methods by oneof member name (`get_head_info`), in declaration order. */
  readonly methods: ReadonlyMap<string, MethodSchema>;
  /** The service definition of the raw methods (for `bus.serve` of raw handlers, or stats). */
  readonly definition: ServiceDefinition;
}

export interface MethodSchema {
  /** `get_head_info`: the oneof member name. */
  readonly name: string;
  readonly service: ServiceSchema;
  readonly request: DescMessage;
  readonly response: DescMessage;
  /** Sends and receives member bytes as they are (see rawBytesType). */
  readonly raw: MethodDefinition<Uint8Array, Uint8Array>;
}

/** `koinos.rpc.chain.get_head_info`: how the gateway's access lists name a method. */
export function qualifiedMethodName(method: MethodSchema): string {
  return `${method.service.routingKey}.${method.name}`;
}
