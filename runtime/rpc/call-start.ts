import type { CallOptions } from "../call-options.js";
import { deadlineAfter } from "../deadline.js";
import { RpcAbortedError } from "../errors.js";
import type { DeepPartial } from "../message-type.js";
import { checkRetryPolicy } from "../retry-policy.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { requestBody } from "../wire/request-body.js";

/** A call whose options were checked and whose request was encoded, ready for any transport. */
export interface StartedCall {
  /** When the whole call gives up (ms since the epoch, or `Infinity`). */
  readonly deadline: number;
  /** The request envelope: the method's member and nothing else. */
  readonly body: Buffer;
}

/**
 * What every client does before it sends anything: the deadline from
 * `timeoutMs` (or `callTimeoutMs`), the retry policy checked, the request
 * encoded as its envelope's member (see requestBody: the bytes of an empty
 * request are shared, so a transport must not change them). Throws
 * InvalidArgumentError for what the caller cannot send, so nothing invalid
 * reaches a transport.
 */
export function startCall<Req>(method: MethodDefinition<Req, unknown>, request: DeepPartial<Req>, options: CallOptions, callTimeoutMs: number): StartedCall {
  const deadline = deadlineAfter(options.timeoutMs, callTimeoutMs, methodLabel(method));
  if (options.retry !== undefined) checkRetryPolicy(options.retry, methodLabel(method));
  return { deadline, body: requestBody(method, request) };
}

/** The error of a call whose signal fired; `reason` is the signal's. */
export function callAborted(reason: unknown): RpcAbortedError {
  return new RpcAbortedError("the call was aborted", { cause: reason });
}
