import type { BusEvents } from "../bus-events.js";
import type { CallOptions } from "../call-options.js";
import { correlationIds } from "../correlation-id.js";
import { expirationFor } from "../deadline.js";
import { BusClosedError, ConnectionLostError, NoRouteError, RpcTimeoutError } from "../errors.js";
import type { Logger } from "../logger.js";
import { CallFlow } from "../rpc/call-flow.js";
import { callAborted } from "../rpc/call-start.js";
import { decodeReply } from "../rpc/decode-reply.js";
import { PendingCalls } from "../rpc/pending-calls.js";
import type { RpcClientCounters } from "../rpc/rpc-client.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { CONTENT_TYPE, DEADLINE_HEADER, RPC_EXCHANGE } from "../topology.js";
import { startTimer } from "../util/timer.js";
import type { TypedEvents } from "../util/typed-events.js";
import { deliveredHeaders } from "./delivered-headers.js";
import type { BrokerConnection } from "./memory-broker.js";
import type { MemoryChannelUser, MemoryConnection } from "./memory-connection.js";
import type { Delivery, MemoryQueue, MessageProperties } from "./memory-queue.js";

export interface MemoryRpcClientOptions {
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
  readonly mandatory: boolean;
}

/**
 * The client side of Koinos RPC on the memory broker, as the RabbitMQ
 * client does it: a private reply queue per connection bound to
 * `koinos.rpc` under its name; requests carry a correlation id, reply_to,
 * `expiration` and `x-koinos-deadline`, and go out `mandatory` (unless
 * told otherwise), so that a service with no queue fails at once with
 * NoRouteError; replies are
 * matched by correlation id. Calls made while the bus is down wait for it,
 * within their deadline and `maxPendingCalls`.
 */
export class MemoryRpcClient extends CallFlow implements MemoryChannelUser {
  readonly counters: RpcClientCounters = { lateReplies: 0, timeouts: 0, returned: 0 };
  readonly #pending = new PendingCalls();
  readonly #nextId = correlationIds();
  #replyQueue: MemoryQueue | undefined;

  constructor(
    private readonly connection: MemoryConnection,
    private readonly events: TypedEvents<BusEvents>,
    private readonly logger: Logger,
    private readonly options: MemoryRpcClientOptions,
  ) {
    super(options);
    connection.add(this);
  }

  setup(connection: BrokerConnection): void {
    const queue = connection.declareReplyQueue();
    connection.consume(queue, {
      prefetch: 0,
      autoAck: true,
      onDelivery: (delivery) => this.#onReply(delivery),
      onError: (error) => this.logger.error({ err: error }, "internal error while taking a reply"),
    });
    this.#replyQueue = queue;
  }

  /** The reply queue went with the connection: no pending call can be answered any more. */
  lost(error: Error): void {
    this.#replyQueue = undefined;
    this.#pending.failAll((call) => new ConnectionLostError(`${methodLabel(call.method)}: the reply path was lost (${error.message})`, { cause: error }));
  }

  failed(): void {
    this.#replyQueue = undefined;
  }

  /** Fails every call still pending. */
  close(): void {
    this.#pending.failAll((call) => new BusClosedError(`${methodLabel(call.method)}: the bus closed before the reply came`));
    this.connection.remove(this);
  }

  protected get failure(): Error | undefined {
    return this.connection.failure;
  }

  protected get ended(): AbortSignal {
    return this.connection.ended;
  }

  protected get countedPending(): number {
    return this.#pending.counted;
  }

  protected get sendable(): boolean {
    return this.#replyQueue !== undefined;
  }

  protected waitSendable(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    return this.connection.waitReady(deadline, signal, onTimeout, onAbort);
  }

  /** Publishes the request; `counted`: the pending map counts this call against maxPendingCalls. */
  protected send<Res>(method: MethodDefinition<unknown, Res>, body: Buffer, attemptEnd: number, options: CallOptions, counted: boolean): Promise<Res> {
    const connection = this.connection.current;
    const replyQueue = this.#replyQueue;
    if (connection === undefined || replyQueue === undefined) return Promise.reject(new ConnectionLostError(`${methodLabel(method)}: the connection was lost`));
    const own = options.headers;
    let headers: Record<string, unknown> | undefined;
    try {
      const withDeadline = attemptEnd === Infinity ? own : own === undefined ? { [DEADLINE_HEADER]: attemptEnd } : { ...own, [DEADLINE_HEADER]: attemptEnd };
      // Only the caller's own headers can hold what AMQP cannot carry; the deadline alone goes as it is.
      headers = own === undefined ? withDeadline : deliveredHeaders(withDeadline as Record<string, unknown>, methodLabel(method));
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.#nextId();
    const signal = options.signal;
    const reply = new Promise<Res>((resolve, reject) => {
      const timer = startTimer(() => this.#expire(id, attemptEnd), attemptEnd);
      const onAbort = signal === undefined ? undefined : () => this.#pending.fail(id, callAborted(signal.reason));
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
      this.#pending.add(id, { method, resolve: resolve as (response: unknown) => void, reject, timer, signal, onAbort, counted, deadline: attemptEnd });
    });
    const properties: MessageProperties = { correlationId: id, replyTo: replyQueue.name, contentType: CONTENT_TYPE, expiration: expirationFor(attemptEnd), headers };
    const routingKey = method.service.routingKey;
    // A mandatory request no queue takes comes back, as from RabbitMQ, on a later turn; another is dropped.
    if (!connection.broker.publishDirect(routingKey, body, properties) && this.options.mandatory) {
      connection.broker.scheduler.schedule({ dispatch: () => this.#onReturn(id, routingKey) });
    }
    return reply;
  }

  #expire(id: string, attemptEnd: number): void {
    const call = this.#pending.take(id);
    if (call !== undefined) this.#timedOut(id, call.method, call.reject, attemptEnd);
  }

  #timedOut(id: string, method: MethodDefinition, reject: (error: Error) => void, attemptEnd: number): void {
    this.counters.timeouts++;
    const label = methodLabel(method);
    this.events.emit("timeout", { method: label, correlationId: id });
    reject(new RpcTimeoutError(`${label}: no reply by the deadline (${new Date(attemptEnd).toISOString()})`));
  }

  #onReply({ message }: Delivery): void {
    const id = message.properties.correlationId;
    const call = id === undefined ? undefined : this.#pending.take(id);
    // A reply that comes once the deadline passed is late even if the timer has not run yet:
    // over RabbitMQ the way back takes longer than timers are late.
    const overdue = call?.deadline !== undefined && Date.now() >= call.deadline;
    if (call !== undefined && overdue) this.#timedOut(id ?? "", call.method, call.reject, call.deadline ?? Date.now());
    if (call === undefined || overdue) {
      this.counters.lateReplies++;
      this.events.emit("late-reply", { correlationId: id ?? "" });
      return;
    }
    try {
      call.resolve(decodeReply(call.method, message.content));
    } catch (error) {
      call.reject(error as Error);
    }
  }

  /** A mandatory request no queue took: the service has no queue on this broker. */
  #onReturn(id: string, routingKey: string): void {
    this.counters.returned++;
    const call = this.#pending.take(id);
    if (call === undefined) return;
    call.reject(
      new NoRouteError(`${methodLabel(call.method)}: no queue is bound to ${RPC_EXCHANGE} under ${routingKey}; is the ${call.method.service.name} service running on this broker?`),
    );
  }
}
