import { goJson } from "./go-json.js";

/**
 * JSON-RPC answers as koinos-jsonrpc writes them (Go's json.Marshal of its
 * RPCResponse): keys `jsonrpc`, `result` | `error`, `id` in that order,
 * compact, `data` left out when there is none. `id` is the request's id as
 * JSON text (see JsonRpcRequest.id), `null` when it could not be read.
 */

/** `{"jsonrpc":"2.0","result":<result>,"id":<id>}`; `result` is JSON text already in Go's form. */
export function resultAnswer(id: string, result: string): string {
  return `{"jsonrpc":"2.0","result":${result},"id":${id}}`;
}

/** `{"jsonrpc":"2.0","error":{"code":..,"message":..,"data":..},"id":<id>}`. */
export function errorAnswer(id: string, code: number, message: string, data?: string): string {
  const tail = data === undefined ? "" : `,"data":${goJson(data)}`;
  return `{"jsonrpc":"2.0","error":{"code":${code},"message":${goJson(message)}${tail}},"id":${id}}`;
}

/** The id of answers to requests whose id could not be read. */
export const NULL_ID = "null";
