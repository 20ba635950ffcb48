import type { CallOptions } from "../call-options.js";
import { OverloadedError, RpcTimeoutError } from "../errors.js";
import type { DeepPartial } from "../message-type.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { sleep } from "../util/deadline-wait.js";
import { callAborted, startCall, type StartedCall } from "./call-start.js";
import { retryLoop } from "./retry-loop.js";

/** The limits a client applies to every call. */
export interface CallLimits {
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
}

/**
 * What a call goes through before and around sending, the same on RabbitMQ
 * and on the memory bus: its options checked and its request encoded, the
 * bus's failure and `maxPendingCalls` applied, a wait for the connection
 * when it is down, and retries. A client extends this and says how to tell
 * and wait for a usable connection and how to send one request.
 *
 * A call counts against `maxPendingCalls` from its start to its end: in the
 * client's pending map when it is sent at once, here when it waits for the
 * connection or retries.
 */
export abstract class CallFlow {
  /** Calls that took the slow path (they waited for the connection, or retry): counted here from start to end. */
  #slow = 0;

  protected constructor(private readonly limits: CallLimits) {}

  /** Why the bus takes no more calls (its reconnects failed, it closed), if so. */
  protected abstract get failure(): Error | undefined;
  /** Aborted when the bus ends. */
  protected abstract get ended(): AbortSignal;
  /** Calls in the pending map that count against maxPendingCalls. */
  protected abstract get countedPending(): number;
  /** Whether a request can be sent right now. */
  protected abstract get sendable(): boolean;
  /** Resolves once a request can be sent; fails with `onTimeout()` at `deadline`, `onAbort(reason)` on `signal`. */
  protected abstract waitSendable(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void>;
  /** Sends one request with a fresh correlation id, answered or failed by `attemptEnd`; `counted`: the pending map counts it. */
  protected abstract send<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions, counted: boolean): Promise<Res>;

  /** Calls started and not yet settled. */
  get pendingCalls(): number {
    return this.countedPending + this.#slow;
  }

  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options: CallOptions = {}): Promise<Res> {
    let started: StartedCall;
    try {
      started = startCall(method, request, options, this.limits.callTimeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    const { deadline, body } = started;
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(callAborted(signal.reason));
    const failure = this.failure;
    if (failure !== undefined) return Promise.reject(failure);
    if (this.pendingCalls >= this.limits.maxPendingCalls) {
      return Promise.reject(new OverloadedError(`${methodLabel(method)}: ${this.pendingCalls} calls are already in flight (maxPendingCalls)`));
    }
    const retry = options.retry;
    // The usual case enters the pending map at once, which counts it.
    if (retry === undefined && this.sendable) return this.send(method, body, deadline, options, true);
    this.#slow++;
    const settled =
      retry === undefined
        ? this.#waitThenSend(method, body, deadline, options)
        : retryLoop(deadline, retry, (attemptEnd) => this.#waitThenSend(method, body, attemptEnd, options), (ms) => this.#pause(ms, options.signal));
    return settled.finally(() => this.#slow--);
  }

  /** Sleeps between attempts; the caller's abort and the end of the bus cut it short. */
  #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const ended = this.ended;
    const combined = signal === undefined ? ended : AbortSignal.any([signal, ended]);
    return sleep(ms, combined, (reason) => (ended.aborted ? (this.failure ?? callAborted(reason)) : callAborted(reason)));
  }

  /** One request, answered or failed by `attemptEnd`; waits for the connection first if need be. */
  #waitThenSend<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions): Promise<Res> {
    if (this.sendable) return this.send(method, body, attemptEnd, options, false);
    const started = Date.now();
    const unreachable = () => new RpcTimeoutError(`${methodLabel(method)}: no connection to the broker within ${Math.round(attemptEnd - started)} ms`);
    return this.waitSendable(attemptEnd, options.signal, unreachable, callAborted).then(() => this.send(method, body, attemptEnd, options, false));
  }
}
