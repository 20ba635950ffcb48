import type { JsonValue } from "../json/json-value.js";
import { JsonRpcErrorCode, messages, reasons } from "./error-codes.js";
import { goEscape } from "./go-json.js";
import { objectMembers, type JsonSpan } from "./json-spans.js";
import { errorAnswer, NULL_ID } from "./response.js";

/** One JSON-RPC request, read as koinos-jsonrpc reads it. */
export interface JsonRpcRequest {
  /** The `id` as JSON text, echoed as it came (`1`, `1.0`, `"abc"`, `null`), with Go's escapes. */
  readonly id: string;
  /** `chain.get_head_info` or `koinos.rpc.chain.get_head_info`. */
  readonly method: string;
  /** The `params` value; undefined when the request has none (an empty request). */
  readonly params: JsonValue | undefined;
}

/** A request, or the error answer it gets before any method is looked at. */
export type ReadRequest =
  | { readonly ok: true; readonly request: JsonRpcRequest }
  | { readonly ok: false; readonly answer: string; readonly code: number };

const fail = (id: string, code: number, data: string): ReadRequest => ({
  ok: false,
  answer: errorAnswer(id, code, code === JsonRpcErrorCode.PARSE_ERROR ? messages.parse : messages.invalidRequest, data),
  code,
});

/** Go's name of a JSON value's kind in its type errors. */
export function jsonKind(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value === "boolean" ? "bool" : typeof value;
}

/**
 * Reads the request object `value`, whose text is `text` at `span`, as Go
 * unmarshals it into koinos-jsonrpc's RPCRequest and validates it: keys
 * match case-insensitively and the last of duplicates wins; `jsonrpc` and
 * `method` must be strings (or null: empty) else the request does not
 * parse (-32700); the id must be there (-32600) and be a string, an integer
 * number (below 2^63 in magnitude) or null; `jsonrpc` must be "2.0".
 */
export function readRequest(text: string, span: JsonSpan, value: JsonValue): ReadRequest {
  if (value === null) return fail(NULL_ID, JsonRpcErrorCode.INVALID_REQUEST, reasons.missingId);
  if (typeof value !== "object" || Array.isArray(value)) {
    return fail(NULL_ID, JsonRpcErrorCode.PARSE_ERROR, `json: cannot unmarshal ${jsonKind(value)} into Go value of type jsonrpc.RPCRequest`);
  }
  let version = "";
  let method = "";
  let id: JsonSpan | undefined;
  let params: JsonSpan | undefined;
  let typeError: string | undefined;
  const stringField = (field: string, span: JsonSpan): string | undefined => {
    const v = JSON.parse(text.substring(span.start, span.end)) as JsonValue;
    if (typeof v === "string") return v;
    if (v !== null) typeError ??= `json: cannot unmarshal ${jsonKind(v)} into Go struct field RPCRequest.${field} of type string`;
    return undefined;
  };
  for (const member of objectMembers(text, span.start)) {
    switch (member.key.toLowerCase()) {
      case "jsonrpc":
        version = stringField("jsonrpc", member) ?? version;
        break;
      case "method":
        method = stringField("method", member) ?? method;
        break;
      case "id":
        id = member;
        break;
      case "params":
        params = member;
        break;
    }
  }
  if (typeError !== undefined) return fail(NULL_ID, JsonRpcErrorCode.PARSE_ERROR, typeError);
  if (id === undefined) return fail(NULL_ID, JsonRpcErrorCode.INVALID_REQUEST, reasons.missingId);
  const idText = text.substring(id.start, id.end);
  const idProblem = checkId(JSON.parse(idText) as JsonValue);
  if (idProblem !== undefined) return fail(NULL_ID, JsonRpcErrorCode.INVALID_REQUEST, idProblem);
  const echoed = goEscape(idText);
  if (version !== "2.0") return fail(echoed, JsonRpcErrorCode.INVALID_REQUEST, reasons.invalidVersion);
  const paramsValue = params === undefined ? undefined : (JSON.parse(text.substring(params.start, params.end)) as JsonValue);
  return { ok: true, request: { id: echoed, method, params: paramsValue } };
}

/** Why an id is refused, as koinos-jsonrpc's validateRequest says it. */
function checkId(id: JsonValue): string | undefined {
  if (id === null || typeof id === "string") return undefined;
  if (typeof id !== "number") return reasons.unsupportedId;
  // Go reads the number as a float64 (out of range: an error) and wants int64(t) == t.
  if (!Number.isFinite(id)) return reasons.invalidId;
  if (!Number.isInteger(id) || id < -(2 ** 63) || id >= 2 ** 63) return reasons.fractionalId;
  return undefined;
}
