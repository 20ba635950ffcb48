import { InvalidArgumentError } from "./errors.js";
import type { MessageType } from "./message-type.js";

/** One RPC of a Koinos service: a member pair of its envelopes, matched by name. */
export interface MethodDefinition<Req = unknown, Res = unknown> {
  /** The oneof member name on both envelopes, e.g. `get_head_info`. */
  readonly name: string;
  /** Field number of the member in the request envelope. */
  readonly requestField: number;
  /** Field number of the member in the response envelope (differs from the request's). */
  readonly responseField: number;
  readonly requestType: MessageType<Req>;
  readonly responseType: MessageType<Res>;
  /** Its key in the service's `methods`, e.g. `getHeadInfo`; set by `defineService`. */
  readonly localName: string;
  /** The service this method belongs to; set by `defineService`. */
  readonly service: ServiceDefinition;
}

/** What generated code passes to `defineService`. */
export interface ServiceInit<M extends Record<string, MethodInit>> {
  /** `chain`: the envelope prefix. */
  readonly name: string;
  /** `koinos.rpc.chain`: the durable queue and its binding key on `koinos.rpc`. */
  readonly routingKey: string;
  /** Full names of the envelope messages, for errors and logs. */
  readonly requestEnvelope: string;
  readonly responseEnvelope: string;
  /** Field numbers of the `reserved` members (the startup ping), when the envelopes have them. */
  readonly reservedField?: { readonly request: number; readonly response: number };
  /** Field number of the `error` member (koinos.rpc.error_status) in the response envelope. */
  readonly errorField: number;
  readonly methods: M;
}

export type MethodInit<Req = unknown, Res = unknown> = Omit<MethodDefinition<Req, Res>, "service" | "localName">;

/** A Koinos microservice: routing key, envelope layout and methods. */
export interface ServiceDefinition<M extends Record<string, MethodDefinition> = Record<string, MethodDefinition>>
  extends Omit<ServiceInit<M>, "methods"> {
  readonly methods: M;
  /** Methods by request field number, for servers decoding a request envelope. */
  readonly byRequestField: ReadonlyMap<number, MethodDefinition>;
  /** Methods by response field number, for clients decoding a reply. */
  readonly byResponseField: ReadonlyMap<number, MethodDefinition>;
}

/**
 * The methods as defined: each keeps the precise types of its codecs (the
 * generated `KoinosType`s, with their descriptors).
 */
type Defined<M extends Record<string, MethodInit>> = {
  readonly [K in keyof M]: M[K] extends MethodInit<infer Req, infer Res> ? MethodDefinition<Req, Res> & Pick<M[K], "requestType" | "responseType"> : never;
};

/**
 * Builds a service definition from what generated code declares, checking
 * that field numbers are unique so a reply can never match two methods.
 */
export function defineService<const M extends Record<string, MethodInit>>(init: ServiceInit<M>): ServiceDefinition<Defined<M>> {
  const methods: Record<string, MethodDefinition> = {};
  const byRequestField = new Map<number, MethodDefinition>();
  const byResponseField = new Map<number, MethodDefinition>();
  const service: ServiceDefinition<Defined<M>> = {
    ...init,
    methods: methods as Defined<M>,
    byRequestField,
    byResponseField,
  };
  const taken = [init.errorField, init.reservedField?.response];
  for (const [key, method] of Object.entries(init.methods)) {
    if (byRequestField.has(method.requestField) || method.requestField === init.reservedField?.request) {
      throw new InvalidArgumentError(`${init.requestEnvelope}: field ${method.requestField} is used twice`);
    }
    if (byResponseField.has(method.responseField) || taken.includes(method.responseField)) {
      throw new InvalidArgumentError(`${init.responseEnvelope}: field ${method.responseField} is used twice`);
    }
    const defined: MethodDefinition = { ...method, localName: key, service };
    methods[key] = defined;
    byRequestField.set(method.requestField, defined);
    byResponseField.set(method.responseField, defined);
  }
  return service;
}

/** `chain.get_head_info`: how errors and logs name a method. */
export function methodLabel(method: MethodDefinition): string {
  return `${method.service.name}.${method.name}`;
}
