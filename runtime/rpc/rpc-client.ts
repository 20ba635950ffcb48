import type { Channel, ConsumeMessage, Message } from "amqplib";
import type { CallOptions } from "../call-options.js";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { correlationIds } from "../correlation-id.js";
import {
  BusClosedError,
  ConnectionLostError,
  NoRouteError,
  OverloadedError,
  RpcAbortedError,
  RpcTimeoutError,
  isRetryable,
} from "../errors.js";
import type { DeepPartial } from "../message-type.js";
import { encodeMessage } from "../wire/encode-message.js";
import type { RetryPolicy } from "../retry-policy.js";
import type { RpcCaller } from "../rpc-caller.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { CONTENT_TYPE, EXCHANGE_OPTIONS, PRIVATE_QUEUE_OPTIONS, RPC_EXCHANGE } from "../topology.js";
import { backoffDelay } from "../util/backoff.js";
import { sleep } from "../util/deadline-wait.js";
import { decodeReply } from "./decode-reply.js";
import { PendingCalls } from "./pending-calls.js";

export interface RpcClientOptions {
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
}

/** Counters a client keeps; they only grow. */
export interface RpcClientCounters {
  lateReplies: number;
  timeouts: number;
  returned: number;
}

const aborted = (reason: unknown) => new RpcAbortedError("the call was aborted", { cause: reason });

/**
 * The client side of Koinos RPC: one private reply queue per connection,
 * bound to `koinos.rpc` under its own name (the services reply through that
 * exchange), requests published with `mandatory` so a service with no queue
 * fails at once, and replies matched to calls by correlation id.
 */
export class RpcClient implements RpcCaller {
  readonly name = "rpc-client";
  readonly counters: RpcClientCounters = { lateReplies: 0, timeouts: 0, returned: 0 };
  readonly #pending = new PendingCalls();
  readonly #nextId = correlationIds();
  readonly #channel: ManagedChannel;
  #replyQueue = "";

  constructor(
    private readonly manager: ConnectionManager,
    private readonly options: RpcClientOptions,
  ) {
    this.#channel = manager.channel(this, { maxWaiting: options.maxPendingCalls });
  }

  get pendingCalls(): number {
    return this.#pending.size;
  }

  async setup(channel: Channel): Promise<void> {
    await channel.assertExchange(RPC_EXCHANGE, "direct", EXCHANGE_OPTIONS);
    const { queue } = await channel.assertQueue("", PRIVATE_QUEUE_OPTIONS);
    await channel.bindQueue(queue, RPC_EXCHANGE, queue);
    channel.on("return", (message: Message) => this.#onReturn(message));
    await channel.consume(
      queue,
      (message) => {
        // A null delivery: the broker cancelled the consumer (someone deleted the reply queue). Start over.
        if (message === null) this.#channel.restart("the broker cancelled the reply queue's consumer");
        else this.#onReply(message);
      },
      { noAck: true },
    );
    this.#replyQueue = queue;
  }

  /** The reply queue went with its channel or connection: no pending call can be answered any more. */
  lost(error: Error): void {
    this.#replyQueue = "";
    this.#pending.failAll((call) => new ConnectionLostError(`${methodLabel(call.method)}: the reply path was lost (${error.message})`, { cause: error }));
  }

  async close(): Promise<void> {
    this.#pending.failAll((call) => new BusClosedError(`${methodLabel(call.method)}: the bus closed before the reply came`));
    await this.#channel.close();
  }

  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options: CallOptions = {}): Promise<Res> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(aborted(signal.reason));
    const deadline = Date.now() + (options.timeoutMs ?? this.options.callTimeoutMs);
    let body: Buffer;
    try {
      body = encodeMessage(method.requestType, request, method.requestField);
    } catch (error) {
      return Promise.reject(error);
    }
    const retry = options.retry;
    if (retry === undefined) return this.#attempt(method, body, deadline, options);
    return this.#retrying(method, body, deadline, retry, options);
  }

  async #retrying<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, deadline: number, retry: RetryPolicy, options: CallOptions): Promise<Res> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(method, body, attemptDeadline(deadline, retry), options);
      } catch (error) {
        if (!isRetryable(error) || attempt >= (retry.maxAttempts ?? Infinity)) throw error;
        const delayMs = backoffDelay(attempt, {
          initialDelayMs: retry.initialDelayMs ?? 100,
          maxDelayMs: retry.maxDelayMs ?? 5000,
          factor: retry.factor ?? 2,
          jitter: 0.2,
        });
        // Never send after the deadline: the caller has stopped waiting.
        if (Date.now() + delayMs >= deadline) throw error;
        await sleep(delayMs, options.signal, aborted);
      }
    }
  }

  /** One request with a fresh correlation id, answered or failed by `attemptEnd`; waits for the broker first if need be. */
  #attempt<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions): Promise<Res> {
    if (this.#channel.writable.isOpen) return this.#send(method, body, attemptEnd, options);
    const started = Date.now();
    const unreachable = () => new RpcTimeoutError(`${methodLabel(method)}: no connection to the broker within ${Math.round(attemptEnd - started)} ms`);
    return this.#channel.waitWritable(attemptEnd, options.signal, unreachable, aborted).then(() => this.#send(method, body, attemptEnd, options));
  }

  #send<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions): Promise<Res> {
    const channel = this.#channel.current;
    if (channel === undefined || this.#replyQueue === "") return Promise.reject(new ConnectionLostError(`${methodLabel(method)}: the connection was lost`));
    if (this.#pending.size >= this.options.maxPendingCalls) {
      return Promise.reject(new OverloadedError(`${methodLabel(method)}: ${this.#pending.size} calls are already waiting for replies`));
    }
    const id = this.#nextId();
    const remaining = Math.max(1, Math.ceil(attemptEnd - Date.now()));
    const signal = options.signal;
    const reply = new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => this.#expire(id, method, remaining), remaining);
      const onAbort = signal === undefined ? undefined : () => this.#pending.fail(id, aborted(signal.reason));
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
      this.#pending.add(id, { method, resolve: resolve as (response: unknown) => void, reject, timer, signal, onAbort });
    });
    try {
      // One object shape for every publish keeps amqplib's option handling monomorphic.
      const sent = channel.publish(RPC_EXCHANGE, method.service.routingKey, body, {
        correlationId: id,
        replyTo: this.#replyQueue,
        contentType: CONTENT_TYPE,
        // The request dies in the queue once its caller stops waiting.
        expiration: String(remaining),
        deliveryMode: 2,
        mandatory: true,
        headers: options.headers,
      });
      if (!sent) this.#channel.markCongested();
    } catch (error) {
      // A channel closing under us, or headers over amqplib's 64 KiB limit.
      const failure = error instanceof RangeError ? error : new ConnectionLostError(`${methodLabel(method)}: the request could not be sent`, { cause: error });
      this.#pending.fail(id, failure);
    }
    return reply;
  }

  #expire(id: string, method: MethodDefinition, ms: number): void {
    this.counters.timeouts++;
    const label = methodLabel(method);
    this.manager.events.emit("timeout", { method: label, correlationId: id });
    this.#pending.fail(id, new RpcTimeoutError(`${label}: no reply within ${ms} ms`));
  }

  #onReply(message: ConsumeMessage): void {
    const id: unknown = message.properties.correlationId;
    const call = typeof id === "string" ? this.#pending.take(id) : undefined;
    if (call === undefined) {
      this.counters.lateReplies++;
      this.manager.events.emit("late-reply", { correlationId: typeof id === "string" ? id : "" });
      return;
    }
    try {
      call.resolve(decodeReply(call.method, message.content));
    } catch (error) {
      call.reject(error as Error);
    }
  }

  /** A mandatory request no queue took: the service has no queue on this broker. */
  #onReturn(message: Message): void {
    const id: unknown = message.properties.correlationId;
    if (typeof id !== "string") return;
    this.counters.returned++;
    const call = this.#pending.take(id);
    call?.reject(
      new NoRouteError(`${methodLabel(call.method)}: no queue is bound to ${RPC_EXCHANGE} under ${message.fields.routingKey}; is the ${call.method.service.name} service running on this broker?`),
    );
  }
}

/** When one attempt gives up: the deadline, or earlier under a retry policy's attempt timeout. */
function attemptDeadline(deadline: number, retry: RetryPolicy | undefined): number {
  const perAttempt = retry?.attemptTimeoutMs;
  return perAttempt === undefined ? deadline : Math.min(deadline, Date.now() + perAttempt);
}
