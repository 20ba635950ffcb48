import type { Channel, ConsumeMessage, Message } from "amqplib";
import type { CallOptions } from "../call-options.js";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { correlationIds } from "../correlation-id.js";
import { expirationFor } from "../deadline.js";
import { BusClosedError, ConnectionLostError, NoRouteError, RpcTimeoutError } from "../errors.js";
import type { RpcCaller } from "../rpc-caller.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { CONTENT_TYPE, DEADLINE_HEADER, EXCHANGE_OPTIONS, PRIVATE_QUEUE_OPTIONS, RPC_EXCHANGE } from "../topology.js";
import { startTimer } from "../util/timer.js";
import { publishError } from "../wire/publish-error.js";
import { CallFlow } from "./call-flow.js";
import { callAborted } from "./call-start.js";
import { decodeReply } from "./decode-reply.js";
import { PendingCalls } from "./pending-calls.js";

export interface RpcClientOptions {
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
  /** Delivery mode of requests: 2 persistent, 1 transient. */
  readonly deliveryMode: 1 | 2;
  readonly mandatory: boolean;
}

/** Counters a client keeps; they only grow. */
export interface RpcClientCounters {
  lateReplies: number;
  timeouts: number;
  returned: number;
}

/**
 * The client side of Koinos RPC: one private reply queue per connection,
 * bound to `koinos.rpc` under its own name (the services reply through that
 * exchange), requests published with `mandatory` so a service with no queue
 * fails at once, and replies matched to calls by correlation id.
 *
 * A call counts against `maxPendingCalls` from its start to its end, whether
 * it waits for the broker, for its reply, or between retries.
 */
export class RpcClient extends CallFlow implements RpcCaller {
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
    super(options);
    this.#channel = manager.channel(this);
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

  /** Fails every call still pending, then closes the reply channel. */
  async close(): Promise<void> {
    this.#pending.failAll((call) => new BusClosedError(`${methodLabel(call.method)}: the bus closed before the reply came`));
    await this.#channel.close();
  }

  protected get failure(): Error | undefined {
    return this.manager.failure;
  }

  protected get ended(): AbortSignal {
    return this.manager.ended;
  }

  protected get countedPending(): number {
    return this.#pending.counted;
  }

  protected get sendable(): boolean {
    return this.#channel.writable.isOpen;
  }

  protected waitSendable(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    return this.#channel.waitWritable(deadline, signal, onTimeout, onAbort);
  }

  /** Publishes the request; `counted`: the pending map counts this call against maxPendingCalls. */
  protected send<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions, counted: boolean): Promise<Res> {
    const channel = this.#channel.current;
    if (channel === undefined || this.#replyQueue === "") return Promise.reject(new ConnectionLostError(`${methodLabel(method)}: the connection was lost`));
    const id = this.#nextId();
    const signal = options.signal;
    const reply = new Promise<Res>((resolve, reject) => {
      const timer = startTimer(() => this.#expire(id, method, attemptEnd), attemptEnd);
      const onAbort = signal === undefined ? undefined : () => this.#pending.fail(id, callAborted(signal.reason));
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
      this.#pending.add(id, { method, resolve: resolve as (response: unknown) => void, reject, timer, signal, onAbort, counted });
    });
    try {
      // One object shape for every publish keeps amqplib's option handling monomorphic.
      const sent = channel.publish(RPC_EXCHANGE, method.service.routingKey, body, {
        correlationId: id,
        replyTo: this.#replyQueue,
        contentType: CONTENT_TYPE,
        // The request dies in the queue once its caller stops waiting. amqplib
        // leaves out an undefined property; its types do not say so.
        expiration: expirationFor(attemptEnd) as string,
        deliveryMode: this.options.deliveryMode,
        mandatory: this.options.mandatory,
        headers: attemptEnd === Infinity ? options.headers : { ...options.headers, [DEADLINE_HEADER]: attemptEnd },
      });
      if (!sent) this.#channel.markCongested();
    } catch (error) {
      this.#pending.fail(id, publishError(error, methodLabel(method)));
    }
    return reply;
  }

  #expire(id: string, method: MethodDefinition, attemptEnd: number): void {
    this.counters.timeouts++;
    const label = methodLabel(method);
    this.manager.events.emit("timeout", { method: label, correlationId: id });
    this.#pending.fail(id, new RpcTimeoutError(`${label}: no reply by the deadline (${new Date(attemptEnd).toISOString()})`));
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
    this.counters.returned++;
    const call = typeof id === "string" ? this.#pending.take(id) : undefined;
    if (call === undefined) {
      this.manager.logger.debug({ correlationId: id, routingKey: message.fields.routingKey }, "a returned request matches no pending call");
      return;
    }
    call.reject(
      new NoRouteError(`${methodLabel(call.method)}: no queue is bound to ${RPC_EXCHANGE} under ${message.fields.routingKey}; is the ${call.method.service.name} service running on this broker?`),
    );
  }
}
