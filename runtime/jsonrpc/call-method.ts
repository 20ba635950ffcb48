import { RpcError, RpcTimeoutError, UnexpectedResponseError } from "../errors.js";
import { koinosJsonFromBinary, koinosJsonToBinary } from "../json/koinos-json.js";
import type { RpcCaller } from "../rpc-caller.js";
import type { SchemaSet } from "../schema/schema-set.js";
import { qualifiedMethodName, type MethodSchema } from "../schema/service-schema.js";
import type { AccessLists } from "./access-lists.js";
import type { JsonRpcRequest } from "./envelope.js";
import { JsonRpcErrorCode, messages, reasons } from "./error-codes.js";
import { goJson } from "./go-json.js";
import { errorAnswer, resultAnswer } from "./response.js";

/** What a translated and answered request looked like, for metrics and logs. */
export interface CallOutcome {
  /** The answer's JSON text. */
  readonly answer: string;
  /** `koinos.rpc.chain.get_head_info` when the method was found; otherwise undefined. */
  readonly method: string | undefined;
  /** The JSON-RPC error code of the answer; 0 for a result. */
  readonly code: number;
}

export interface CallMethodContext {
  readonly bus: RpcCaller;
  readonly schemas: SchemaSet;
  readonly access: AccessLists;
  /** Timeout of each bus call. */
  readonly mqTimeoutMs: number;
  /** koinos-jsonrpc refuses a request envelope over 512 MiB with -32602. */
  readonly maxRequestBytes: number;
}

const empty = new Uint8Array(0);

/**
 * Translates one request as koinos-jsonrpc does (method in either form,
 * access lists, params in Koinos JSON), calls the service on the bus with
 * exactly those bytes, and writes its answer or error.
 */
export async function callMethod(context: CallMethodContext, request: JsonRpcRequest): Promise<CallOutcome> {
  const { id } = request;
  const fail = (code: number, message: string, data: string | undefined, method?: string): CallOutcome => ({
    answer: errorAnswer(id, code, message, data),
    method,
    code,
  });
  const found = resolve(context.schemas, request.method);
  if (typeof found === "string") return fail(JsonRpcErrorCode.METHOD_NOT_FOUND, messages.translate, found);
  const name = qualifiedMethodName(found);
  const refusal = context.access.refusal(found);
  if (refusal !== undefined) return fail(JsonRpcErrorCode.METHOD_NOT_FOUND, messages.translate, refusal, name);
  let bytes: Uint8Array = empty;
  if (request.params !== undefined) {
    // protojson reads a message only from an object: `null` and `[]` do not parse (koinos-jsonrpc refuses them too).
    const params = request.params;
    if (params === null || typeof params !== "object" || Array.isArray(params)) {
      return fail(JsonRpcErrorCode.METHOD_NOT_FOUND, messages.translate, reasons.invalidParams, name);
    }
    try {
      bytes = koinosJsonToBinary(found.request, request.params, { registry: context.schemas.registry });
    } catch {
      // koinos-jsonrpc says no more than this; the reason is the caller's to find (`koinos-mq describe` helps).
      return fail(JsonRpcErrorCode.METHOD_NOT_FOUND, messages.translate, reasons.invalidParams, name);
    }
  }
  if (bytes.length > context.maxRequestBytes) return fail(JsonRpcErrorCode.INVALID_PARAMS, messages.tooLarge, reasons.invalidParams, name);
  let response: Uint8Array;
  try {
    response = await context.bus.call(found.raw, bytes, { timeoutMs: context.mqTimeoutMs });
  } catch (error) {
    if (error instanceof RpcError) return fail(JsonRpcErrorCode.INTERNAL_ERROR, error.reason, error.data === "" ? undefined : error.data, name);
    if (error instanceof UnexpectedResponseError) return fail(JsonRpcErrorCode.INTERNAL_ERROR, messages.unexpected, undefined, name);
    const why = error instanceof RpcTimeoutError ? reasons.deadline : `rpc failed, ${error instanceof Error ? error.message : String(error)}`;
    return fail(JsonRpcErrorCode.INTERNAL_ERROR, messages.internal, why, name);
  }
  let result: string;
  try {
    result = goJson(koinosJsonFromBinary(found.response, response, { registry: context.schemas.registry }));
  } catch (error) {
    // As koinos-jsonrpc: the codec's error is the message (an Any of an unknown type, bytes that do not decode).
    return fail(JsonRpcErrorCode.INTERNAL_ERROR, error instanceof Error ? error.message : String(error), undefined, name);
  }
  return { answer: resultAnswer(id, result), method: name, code: 0 };
}

/** The method a name means, or why there is none (the data of the -32601 answer). */
function resolve(schemas: SchemaSet, name: string): MethodSchema | string {
  const dot = name.lastIndexOf(".");
  if (dot < 0) return reasons.malformedMethod;
  const service = schemas.service(name.substring(0, dot));
  if (service === undefined) return reasons.invalidService;
  return service.methods.get(name.substring(dot + 1)) ?? reasons.unknownMethod;
}
