import { RpcError, UnexpectedResponseError } from "../errors.js";
import { methodLabel, type MethodDefinition, type ServiceDefinition } from "../service-definition.js";
import { plainBytes } from "../wire/bytes.js";
import { decodeMessage } from "../wire/decode-message.js";
import { decodeEnvelope } from "../wire/envelope.js";
import { decodeErrorStatus } from "../wire/error-status.js";

/**
 * The response a reply carries: the method's member, decoded; the `error`
 * member becomes an RpcError; anything else (another member, no member,
 * bytes that do not decode) an UnexpectedResponseError.
 */
export function decodeReply<Res>(method: MethodDefinition<unknown, Res>, content: Uint8Array): Res {
  const service = method.service;
  let member;
  try {
    member = decodeEnvelope(plainBytes(content), (field) => isResponseMember(service, field));
  } catch (error) {
    throw new UnexpectedResponseError(`${methodLabel(method)}: the reply is not a valid ${service.responseEnvelope}`, { cause: error });
  }
  if (member?.field === method.responseField) {
    try {
      return decodeMessage(method.responseType, member.body);
    } catch (error) {
      throw new UnexpectedResponseError(`${methodLabel(method)}: the reply's ${method.name} member does not decode`, { cause: error });
    }
  }
  if (member?.field === service.errorField) {
    let status;
    try {
      status = decodeErrorStatus(member.body);
    } catch (error) {
      throw new UnexpectedResponseError(`${methodLabel(method)}: the reply's error member does not decode`, { cause: error });
    }
    throw new RpcError(status.message, { data: status.data, details: status.details, method: methodLabel(method) });
  }
  const what = member === undefined ? "no member" : `member ${member.field}`;
  throw new UnexpectedResponseError(`${methodLabel(method)}: the reply sets ${what} of ${service.responseEnvelope}, neither ${method.name} (${method.responseField}) nor error (${service.errorField})`);
}

function isResponseMember(service: ServiceDefinition, field: number): boolean {
  return field === service.errorField || field === service.reservedField?.response || service.byResponseField.has(field);
}
