import { deadlineAfter } from "../deadline.js";
import { InvalidArgumentError, RpcAbortedError } from "../errors.js";
import type { PublishOptions } from "./publish-options.js";
import { topicProblem } from "./topic-pattern.js";

/**
 * What every publisher checks before it sends or waits: a topic one can
 * publish under (no wildcard, no empty word, at most 255 bytes), the
 * publish's deadline from `timeoutMs` (or `defaultTimeoutMs`), a signal not
 * aborted yet. Returns the deadline; throws what the publish rejects with.
 */
export function startPublish(topic: string, options: PublishOptions, defaultTimeoutMs: number): number {
  const problem = topicProblem(topic);
  if (problem !== undefined) throw new InvalidArgumentError(`publish: ${problem}`);
  const deadline = deadlineAfter(options.timeoutMs, defaultTimeoutMs, `publish ${topic}`);
  if (options.signal?.aborted) throw publishAborted(options.signal.reason);
  return deadline;
}

/** The error of a publish whose signal fired; `reason` is the signal's. */
export function publishAborted(reason: unknown): RpcAbortedError {
  return new RpcAbortedError("the publish was aborted", { cause: reason });
}
