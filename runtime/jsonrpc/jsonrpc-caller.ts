import type { CallOptions } from "../call-options.js";
import { deadlineAfter } from "../deadline.js";
import {
  ConnectionLostError,
  InvalidArgumentError,
  JsonRpcError,
  OverloadedError,
  RpcAbortedError,
  RpcError,
  RpcTimeoutError,
  UnexpectedResponseError,
  isRetryable,
} from "../errors.js";
import { koinosJsonFromBinary, koinosJsonToBinary } from "../json/koinos-json.js";
import type { JsonValue } from "../json/json-value.js";
import { isKoinosType, type KoinosType } from "../koinos-type.js";
import { fromPartial, type DeepPartial } from "../message-type.js";
import { checkRetryPolicy, type RetryPolicy } from "../retry-policy.js";
import type { RpcCaller } from "../rpc-caller.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { backoffDelay } from "../util/backoff.js";
import { sleep } from "../util/deadline-wait.js";
import { messages, reasons } from "./error-codes.js";

/** Options of `createJsonRpcCaller`. */
export interface JsonRpcCallerOptions {
  /**
   * The node's JSON-RPC URL (`https://api.koinos.io`, a koinos-jsonrpc, this
   * package's gateway, Koinos One), or several: a call that cannot reach one
   * (network error, HTTP 502, 503 or 504) goes to the next at once, and the
   * next call starts where the last one succeeded.
   */
  readonly url: string | readonly string[];
  /** HTTP headers sent with every request (an `Authorization`, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Timeout of calls that set none: the whole call, failovers and retries included. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** The fetch to use; default Node's built-in `fetch`. */
  readonly fetch?: typeof fetch;
}

const aborted = (reason: unknown) => new RpcAbortedError("the call was aborted", { cause: reason });

/**
 * An `RpcCaller` over a Koinos node's JSON-RPC, for generated clients:
 * `new ChainClient(createJsonRpcCaller({ url })).getHeadInfo()` posts
 * `chain.get_head_info` with the request in Koinos JSON and returns the
 * typed response. Errors are typed as on the bus: the service's error
 * answer is an RpcError (message, data, `errorCode`); the node's bus
 * timeout (`rpc failed, context deadline exceeded`) and no answer by the
 * deadline an RpcTimeoutError; a node that cannot be reached a
 * ConnectionLostError, a busy one (HTTP 504) an OverloadedError (all three
 * retryable); a refusal of the node itself (unknown method, params it
 * cannot parse) a JsonRpcError. `CallOptions.timeoutMs`, `signal` and
 * `retry` work as on the bus; `headers` go out as HTTP headers.
 *
 * It needs the generated `<message>Type`s (the definitions this plugin
 * generates with ts-proto, or protobufEsType), whose descriptors give the
 * Koinos JSON.
 */
export function createJsonRpcCaller(options: JsonRpcCallerOptions): RpcCaller {
  const urls = typeof options.url === "string" ? [options.url] : [...options.url];
  if (urls.length === 0) throw new InvalidArgumentError("createJsonRpcCaller: url: give at least one URL");
  for (const url of urls) {
    try {
      new URL(url);
    } catch (error) {
      throw new InvalidArgumentError(`createJsonRpcCaller: url: ${JSON.stringify(url)} is not a URL`, { cause: error });
    }
  }
  const defaultTimeoutMs = options.timeoutMs ?? 5000;
  deadlineAfter(defaultTimeoutMs, 0, "createJsonRpcCaller");
  const doFetch = options.fetch ?? globalThis.fetch;
  let current = 0;
  let nextId = 1;

  /** One POST to one URL, answered or failed by `deadline`. */
  const post = async (url: string, label: string, body: string, headers: Readonly<Record<string, string>>, deadline: number, signal: AbortSignal | undefined): Promise<JsonValue> => {
    const timeout = deadline === Infinity ? undefined : AbortSignal.timeout(Math.max(0, deadline - Date.now()));
    const signals = [signal, timeout].filter((s) => s !== undefined);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...options.headers, ...headers },
        body,
        ...(signals.length === 0 ? {} : { signal: AbortSignal.any(signals) }),
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw aborted(signal.reason);
      if (timeout?.aborted) throw new RpcTimeoutError(`${label}: no answer from ${url} by the deadline (${new Date(deadline).toISOString()})`);
      throw new ConnectionLostError(`${label}: cannot reach ${url} (${causeText(error)})`, { cause: error });
    }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      const why = response.status === 504 ? "no worker was free" : response.status === 503 ? "it is shutting down or unavailable" : "bad gateway";
      throw new OverloadedError(`${label}: ${url} answered HTTP ${response.status} (${why})`);
    }
    try {
      return JSON.parse(text) as JsonValue;
    } catch (error) {
      throw new UnexpectedResponseError(`${label}: ${url} answered HTTP ${response.status} with a body that is not JSON`, { cause: error });
    }
  };

  const attempt = async <Res>(method: MethodDefinition<unknown, Res>, body: string, deadline: number, callOptions: CallOptions): Promise<Res> => {
    const label = methodLabel(method);
    const headers = Object.fromEntries(Object.entries(callOptions.headers ?? {}).map(([k, v]) => [k, String(v)]));
    // Failover: each URL once, starting at the last one that worked.
    for (let tried = 1; ; tried++) {
      const url = urls[current] as string;
      let answer: JsonValue;
      try {
        answer = await post(url, label, body, headers, deadline, callOptions.signal);
      } catch (error) {
        const unreachable = error instanceof ConnectionLostError || error instanceof OverloadedError;
        if (!unreachable || tried >= urls.length) throw error;
        current = (current + 1) % urls.length;
        continue;
      }
      return readAnswer(method, label, url, answer);
    }
  };

  return {
    async call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, callOptions: CallOptions = {}): Promise<Res> {
      const label = methodLabel(method);
      const deadline = deadlineAfter(callOptions.timeoutMs, defaultTimeoutMs, label);
      if (callOptions.retry !== undefined) checkRetryPolicy(callOptions.retry, label);
      if (callOptions.signal?.aborted) throw aborted(callOptions.signal.reason);
      const body = requestText(method, request, nextId++);
      const retry = callOptions.retry;
      if (retry === undefined) return attempt(method as MethodDefinition<unknown, Res>, body, deadline, callOptions);
      return retrying(retry, deadline, callOptions.signal, (attemptEnd) => attempt(method as MethodDefinition<unknown, Res>, body, attemptEnd, callOptions));
    },
  };
}

/** Re-runs `run` on retryable failures while the policy and the deadline allow. */
async function retrying<Res>(retry: RetryPolicy, deadline: number, signal: AbortSignal | undefined, run: (attemptEnd: number) => Promise<Res>): Promise<Res> {
  for (let n = 1; ; n++) {
    const attemptEnd = retry.attemptTimeoutMs === undefined ? deadline : Math.min(deadline, Date.now() + retry.attemptTimeoutMs);
    try {
      return await run(attemptEnd);
    } catch (error) {
      if (!isRetryable(error) || n >= (retry.maxAttempts ?? Infinity)) throw error;
      const delayMs = backoffDelay(n, { initialDelayMs: retry.initialDelayMs ?? 100, maxDelayMs: retry.maxDelayMs ?? 5000, factor: retry.factor ?? 2, jitter: 0.2 });
      if (Date.now() + delayMs >= deadline) throw error;
      await sleep(delayMs, signal, aborted);
    }
  }
}

/** The JSON-RPC method name: `chain.get_head_info` for Koinos's own services (`koinos.rpc.<service>`), else `<package>.<method>`. */
export function jsonRpcMethodName(method: MethodDefinition): string {
  const envelope = method.service.requestEnvelope;
  const pkg = envelope.substring(0, envelope.lastIndexOf("."));
  return pkg === `koinos.rpc.${method.service.name}` ? `${method.service.name}.${method.name}` : `${pkg}.${method.name}`;
}

function typeOf(method: MethodDefinition, side: "request" | "response"): KoinosType<unknown> {
  const type = side === "request" ? method.requestType : method.responseType;
  if (!isKoinosType(type)) {
    throw new InvalidArgumentError(`${methodLabel(method)}: its ${side} type has no descriptor, which Koinos JSON needs; regenerate with this plugin's version (ts-proto) or use protobufEsType`);
  }
  return type;
}

function requestText<Req>(method: MethodDefinition<Req, unknown>, request: DeepPartial<Req>, id: number): string {
  const type = typeOf(method, "request") as KoinosType<Req>;
  let params: JsonValue;
  try {
    params = koinosJsonFromBinary(type.desc, type.encode(fromPartial(type, request ?? ({} as DeepPartial<Req>))).finish());
  } catch (error) {
    throw new InvalidArgumentError(`${methodLabel(method)}: the request does not encode (${causeText(error)})`, { cause: error });
  }
  return JSON.stringify({ jsonrpc: "2.0", id, method: jsonRpcMethodName(method), params });
}

/** The typed response of a JSON-RPC answer, or the error it stands for. */
function readAnswer<Res>(method: MethodDefinition<unknown, Res>, label: string, url: string, answer: JsonValue): Res {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) throw new UnexpectedResponseError(`${label}: ${url} answered JSON that is not a JSON-RPC answer`);
  const result = answer["result"];
  if (result !== undefined) {
    const type = typeOf(method, "response") as KoinosType<Res>;
    try {
      return type.decode(koinosJsonToBinary(type.desc, result));
    } catch (error) {
      throw new UnexpectedResponseError(`${label}: the result is not Koinos JSON of ${type.typeName} (${causeText(error)})`, { cause: error });
    }
  }
  const error = answer["error"];
  if (typeof error !== "object" || error === null || Array.isArray(error)) throw new UnexpectedResponseError(`${label}: ${url} answered neither a result nor an error`);
  const code = typeof error["code"] === "number" ? error["code"] : 0;
  const message = typeof error["message"] === "string" ? error["message"] : "";
  const data = typeof error["data"] === "string" ? error["data"] : error["data"] === undefined || error["data"] === null ? "" : JSON.stringify(error["data"]);
  if (code === -32603) {
    if (data === reasons.deadline || data.endsWith("context deadline exceeded")) throw new RpcTimeoutError(`${label}: the node's call to the service timed out (${data})`);
    if (message === messages.internal) throw new ConnectionLostError(`${label}: the node could not complete the call (${data})`);
    if (message === messages.unexpected) throw new UnexpectedResponseError(`${label}: the service's answer was unexpected${data === "" ? "" : ` (${data})`}`);
    return throwRpcError(label, message, data);
  }
  throw new JsonRpcError(`${label}: the node refused the request: ${code} ${message}${data === "" ? "" : ` (${data})`}`, code, data);
}

function throwRpcError(label: string, message: string, data: string): never {
  throw new RpcError(message, { data, method: label });
}

function causeText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
