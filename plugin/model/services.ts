import { ScalarType, type DescField, type DescFile, type DescMessage, type DescOneof } from "@bufbuild/protobuf";
import { methodName } from "../naming/case.js";
import { protoError, where } from "./proto-error.js";

/**
 * A Koinos microservice, declared by an envelope pair rather than a `service`
 * block: `<svc>_request { oneof request {...} }` and `<svc>_response { oneof response {...} }`.
 */
export interface ServiceModel {
  /** `chain`: the envelope prefix. */
  readonly name: string;
  /** `koinos.rpc.chain`: the queue, and its binding key on `koinos.rpc`. */
  readonly routingKey: string;
  readonly request: DescMessage;
  readonly response: DescMessage;
  /** The `reserved` members (the C++ services' startup ping), if the envelopes have them. */
  readonly reserved: { readonly request: DescField; readonly response: DescField } | undefined;
  /** The response member that carries `koinos.rpc.error_status`. */
  readonly error: DescField;
  readonly methods: readonly MethodModel[];
}

/** One oneof member pair, matched by name (their field numbers differ). */
export interface MethodModel {
  /** `get_head_info`: the member name on both envelopes. */
  readonly name: string;
  /** `getHeadInfo`. */
  readonly localName: string;
  readonly request: MessageField;
  readonly response: MessageField;
  readonly requestType: DescMessage;
  readonly responseType: DescMessage;
}

const rpcQueuePrefix = "koinos.rpc.";

type MessageField = Extract<DescField, { fieldKind: "message" }>;

/** The envelope services declared at the top level of a file, in declaration order. */
export function findServices(file: DescFile): ServiceModel[] {
  const services: ServiceModel[] = [];
  for (const message of file.messages) {
    const request = envelopeHalf(message, "_request", "request");
    if (request !== undefined) {
      services.push(serviceOf(file, request));
    } else if (envelopeHalf(message, "_response", "response") !== undefined) {
      const requestName = message.name.replace(/_response$/, "_request");
      if (!file.messages.some((m) => m.name === requestName)) {
        throw protoError(message, `a service response envelope needs a request envelope ${requestName} in the same file`);
      }
    }
  }
  return services;
}

/**
 * Throws if two services share a routing key, naming both: their servers
 * would consume one queue and each get the other's requests (e.g.
 * `a.chain_request` and `b.chain_request` both serve `koinos.rpc.chain`).
 */
export function checkRoutingKeys(services: Iterable<ServiceModel>): void {
  const byKey = new Map<string, ServiceModel>();
  for (const service of services) {
    const earlier = byKey.get(service.routingKey);
    if (earlier !== undefined && earlier.request !== service.request) {
      throw new Error(
        `routing key ${service.routingKey} belongs to two services: ${earlier.request.typeName} (${where(earlier.request)}) and ${service.request.typeName} (${where(service.request)}); their servers would take each other's requests from one queue`,
      );
    }
    byKey.set(service.routingKey, service);
  }
}

interface Half {
  readonly message: DescMessage;
  readonly oneof: DescOneof;
  readonly service: string;
}

/** A message named `<svc><suffix>` with a oneof named `oneofName`. */
function envelopeHalf(message: DescMessage, suffix: string, oneofName: string): Half | undefined {
  const service = message.name.substring(0, message.name.length - suffix.length);
  const oneof = message.oneofs.find((o) => o.name === oneofName);
  if (!message.name.endsWith(suffix) || service === "" || oneof === undefined) return undefined;
  return { message, oneof, service };
}

function serviceOf(file: DescFile, request: Half): ServiceModel {
  const responseName = `${request.service}_response`;
  const responseMessage = file.messages.find((m) => m.name === responseName);
  if (responseMessage === undefined) {
    throw protoError(request.message, `a service request envelope needs a response envelope ${responseName} in the same file`);
  }
  const response = envelopeHalf(responseMessage, "_response", "response");
  if (response === undefined) {
    throw protoError(responseMessage, `a service response envelope needs a oneof named "response"`);
  }
  for (const half of [request, response]) checkOnlyOneof(half);

  const requestMembers = membersByName(request);
  const responseMembers = membersByName(response);
  const error = responseMembers.get("error");
  if (error === undefined) {
    throw protoError(response.oneof, `a service response envelope needs an "error" member of type koinos.rpc.error_status`);
  }
  checkErrorStatus(error);
  const reserved = reservedPair(requestMembers.get("reserved"), responseMembers.get("reserved"));

  const methods: MethodModel[] = [];
  for (const [name, member] of requestMembers) {
    if (name === "reserved") continue;
    const answer = responseMembers.get(name);
    if (answer === undefined || answer === error) {
      throw protoError(member, `has no response member named "${name}" in ${response.message.typeName}`);
    }
    methods.push(methodOf(name, member, answer, methods));
  }
  for (const [name, member] of responseMembers) {
    if (name !== "reserved" && name !== "error" && !requestMembers.has(name)) {
      throw protoError(member, `has no request member named "${name}" in ${request.message.typeName}`);
    }
  }
  return {
    name: request.service,
    routingKey: rpcQueuePrefix + request.service,
    request: request.message,
    response: response.message,
    reserved,
    error,
    methods,
  };
}

/** Every field of an envelope is a oneof member: anything else would be lost on the wire. */
function checkOnlyOneof(half: Half): void {
  const stray = half.message.fields.find((f) => f.oneof !== half.oneof);
  if (stray !== undefined) {
    throw protoError(stray, `a service envelope may hold only its oneof "${half.oneof.name}"`);
  }
}

/** Members by name; each must be a message. */
function membersByName(half: Half): Map<string, MessageField> {
  const members = new Map<string, MessageField>();
  for (const member of half.oneof.fields) {
    if (member.fieldKind !== "message") {
      throw protoError(member, `every member of a service envelope must be a message, not a ${member.scalar !== undefined ? "scalar" : member.fieldKind}`);
    }
    members.set(member.name, member);
  }
  return members;
}

function reservedPair(request: DescField | undefined, response: DescField | undefined): ServiceModel["reserved"] {
  if (request === undefined && response === undefined) return undefined;
  if (request === undefined || response === undefined) {
    const present = (request ?? response) as DescField;
    throw protoError(present, `"reserved" must be a member of both envelopes, or of neither`);
  }
  return { request, response };
}

/**
 * The runtime decodes the error member itself, so its type must have the
 * layout of koinos.rpc.error_status: message = 1 (string), data = 2 (string),
 * details = 10 (repeated google.protobuf.Any); data and details may be absent.
 */
function checkErrorStatus(error: MessageField): void {
  const fields = error.message.fields;
  const byNumber = (n: number) => fields.find((f) => f.number === n);
  const message = byNumber(1);
  const data = byNumber(2);
  const details = byNumber(10);
  const ok =
    message?.fieldKind === "scalar" && message.scalar === ScalarType.STRING &&
    (data === undefined || (data.fieldKind === "scalar" && data.scalar === ScalarType.STRING)) &&
    (details === undefined || (details.fieldKind === "list" && details.message?.typeName === "google.protobuf.Any"));
  if (!ok) {
    throw protoError(error, `the error member must be koinos.rpc.error_status (string message = 1; string data = 2; repeated google.protobuf.Any details = 10), not ${error.message.typeName}`);
  }
}

function methodOf(
  name: string,
  request: MessageField,
  response: MessageField,
  earlier: readonly MethodModel[],
): MethodModel {
  const localName = methodName(name);
  const clash = earlier.find((m) => m.localName === localName);
  if (clash !== undefined) {
    throw protoError(request, `its method name ${localName} is also the name of member "${clash.name}"`);
  }
  return { name, localName, request, response, requestType: request.message, responseType: response.message };
}
