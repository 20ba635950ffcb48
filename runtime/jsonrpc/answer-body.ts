import type { JsonValue } from "../json/json-value.js";
import { callMethod, type CallMethodContext, type CallOutcome } from "./call-method.js";
import { readRequest } from "./envelope.js";
import { JsonRpcErrorCode, messages } from "./error-codes.js";
import { goSyntaxError } from "./go-syntax-error.js";
import { arrayElements, skipSpace } from "./json-spans.js";
import { errorAnswer, NULL_ID } from "./response.js";

export interface AnswerContext extends CallMethodContext {
  /** The most requests a batch may hold; 0: batches are refused as koinos-jsonrpc refuses them (-32700). */
  readonly maxBatch: number;
  /** Told about each request answered (a batch: each of its requests). */
  readonly observe: (outcome: CallOutcome, seconds: number) => void;
}

const unreadable = (answer: string): CallOutcome => ({ answer, method: undefined, code: JsonRpcErrorCode.PARSE_ERROR });

/**
 * The answer to one HTTP body: a request object as koinos-jsonrpc answers
 * it; with batches on, an array of requests answered by an array (JSON-RPC
 * 2.0 §6), its requests called concurrently.
 */
export async function answerBody(context: AnswerContext, body: Buffer): Promise<string> {
  const started = performance.now();
  const text = body.toString("utf8");
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    const outcome = unreadable(errorAnswer(NULL_ID, JsonRpcErrorCode.PARSE_ERROR, messages.parse, goSyntaxError(body) ?? (error as Error).message));
    context.observe(outcome, (performance.now() - started) / 1000);
    return outcome.answer;
  }
  const start = skipSpace(text, 0);
  if (!Array.isArray(value) || context.maxBatch === 0) return one(context, text, start, value, false);
  const elements = arrayElements(text, start);
  if (elements.length === 0 || elements.length > context.maxBatch) {
    const why = elements.length === 0 ? "a batch needs at least one request" : `a batch holds at most ${context.maxBatch} requests`;
    const outcome: CallOutcome = { answer: errorAnswer(NULL_ID, JsonRpcErrorCode.INVALID_REQUEST, messages.invalidRequest, why), method: undefined, code: JsonRpcErrorCode.INVALID_REQUEST };
    context.observe(outcome, (performance.now() - started) / 1000);
    return outcome.answer;
  }
  const answers = await Promise.all(elements.map((span, i) => one(context, text, span.start, value[i] ?? null, true)));
  return `[${answers.join(",")}]`;
}

async function one(context: AnswerContext, text: string, start: number, value: JsonValue, inBatch: boolean): Promise<string> {
  const started = performance.now();
  const outcome = await outcomeOf(context, text, start, value, inBatch);
  context.observe(outcome, (performance.now() - started) / 1000);
  return outcome.answer;
}

async function outcomeOf(context: AnswerContext, text: string, start: number, value: JsonValue, inBatch: boolean): Promise<CallOutcome> {
  if (inBatch && (typeof value !== "object" || Array.isArray(value))) {
    const answer = errorAnswer(NULL_ID, JsonRpcErrorCode.INVALID_REQUEST, messages.invalidRequest, "a batch element must be a request object");
    return { answer, method: undefined, code: JsonRpcErrorCode.INVALID_REQUEST };
  }
  const read = readRequest(text, { start, end: text.length }, value);
  return read.ok ? callMethod(context, read.request) : { answer: read.answer, method: undefined, code: read.code };
}
