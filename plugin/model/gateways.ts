import type { DescFile, DescMethod, DescService } from "@bufbuild/protobuf";
import { methodName } from "../naming/case.js";
import { protoError } from "./proto-error.js";
import type { MethodModel, ServiceModel } from "./services.js";

/**
 * A `service` block whose rpcs take envelope members' request types (like
 * `service koinos` in koinos/rpc/services.proto): one client that sends each
 * rpc to the microservice that owns it.
 */
export interface GatewayModel {
  readonly service: DescService;
  readonly methods: readonly GatewayMethod[];
}

export interface GatewayMethod {
  readonly rpc: DescMethod;
  readonly localName: string;
  readonly target: ServiceModel;
  readonly method: MethodModel;
}

/**
 * The gateways declared in `file`. A `service` none of whose rpcs match an
 * envelope member is left alone; one that mixes matching and other rpcs is
 * an error, since part of it could not be called.
 */
export function findGateways(file: DescFile, services: readonly ServiceModel[]): GatewayModel[] {
  const byRequestType = new Map<string, { target: ServiceModel; method: MethodModel }[]>();
  for (const target of services) {
    for (const method of target.methods) {
      const list = byRequestType.get(method.requestType.typeName) ?? [];
      list.push({ target, method });
      byRequestType.set(method.requestType.typeName, list);
    }
  }
  const gateways: GatewayModel[] = [];
  for (const service of file.services) {
    if (!service.methods.some((rpc) => byRequestType.has(rpc.input.typeName))) continue;
    const methods = service.methods.map((rpc) => gatewayMethod(rpc, byRequestType.get(rpc.input.typeName) ?? []));
    const names = new Map<string, DescMethod>();
    for (const m of methods) {
      const clash = names.get(m.localName);
      if (clash !== undefined) throw protoError(m.rpc, `its method name ${m.localName} is also the name of rpc ${clash.name}`);
      names.set(m.localName, m.rpc);
    }
    gateways.push({ service, methods });
  }
  return gateways;
}

function gatewayMethod(rpc: DescMethod, candidates: readonly { target: ServiceModel; method: MethodModel }[]): GatewayMethod {
  if (rpc.methodKind !== "unary") {
    throw protoError(rpc, `is ${rpc.methodKind.replace("_", " ")}; Koinos services answer one request with one response`);
  }
  if (candidates.length === 0) {
    throw protoError(rpc, `takes ${rpc.input.typeName}, which is no member of a Koinos service request envelope, while other rpcs of this service are`);
  }
  const matches = candidates.filter((c) => c.method.responseType.typeName === rpc.output.typeName);
  const [match, ...others] = matches;
  if (match === undefined) {
    const expected = candidates.map((c) => `${c.method.responseType.typeName} (${c.target.name}.${c.method.name})`).join(" or ");
    throw protoError(rpc, `returns ${rpc.output.typeName}, but a request of type ${rpc.input.typeName} is answered with ${expected}`);
  }
  if (others.length > 0) {
    const owners = matches.map((c) => `${c.target.name}.${c.method.name}`).join(", ");
    throw protoError(rpc, `matches several service methods (${owners}); cannot tell which queue to send it to`);
  }
  return { rpc, localName: methodName(rpc.name), ...match };
}
