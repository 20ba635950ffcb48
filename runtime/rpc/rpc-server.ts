import type { Channel, ConsumeMessage } from "amqplib";
import type { CallContext } from "../call-context.js";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { BusClosedError, ConnectionLostError } from "../errors.js";
import type { DeepPartial } from "../message-type.js";
import { encodeMessage } from "../wire/encode-message.js";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";
import { CONTENT_TYPE, EXCHANGE_OPTIONS, RPC_EXCHANGE, SERVICE_QUEUE_OPTIONS } from "../topology.js";
import { drain } from "../util/drain.js";
import { WorkQueue } from "../util/work-queue.js";
import { HandlerContext } from "./handler-context.js";
import { readRequest, requestDeadline, type RequestLimits } from "./read-request.js";
import { errorReply, reservedReply, thrownReply } from "./replies.js";
import type { ServeOptions } from "./serve-options.js";
import type { ServiceImplementation } from "./service-implementation.js";

/** Counters a server keeps; they only grow. */
export interface RpcServerCounters {
  handled: number;
  badRequests: number;
  handlerErrors: number;
  /** Requests whose deadline passed while they waited here: not executed. */
  expired: number;
}

interface Delivery {
  readonly message: ConsumeMessage;
  /** The channel it came on: only that channel can ack it. */
  readonly channel: Channel;
  readonly arrival: number;
}

/**
 * A competing consumer on a service's durable queue. Requests are acked only
 * after their reply is published (on the same channel, so in that order);
 * every request gets a reply, an error reply when it cannot be served; none
 * is ever requeued, so a poison request cannot loop.
 */
export class RpcServer<D extends ServiceDefinition> {
  readonly name: string;
  readonly counters: RpcServerCounters = { handled: 0, badRequests: 0, handlerErrors: 0, expired: 0 };
  readonly #channel: ManagedChannel;
  readonly #concurrency: number;
  readonly #limits: RequestLimits;
  readonly #drainTimeoutMs: number;
  readonly #work: WorkQueue<Delivery>;
  /** Running handlers that hold an abort signal. */
  readonly #running = new Set<HandlerContext>();
  #consumerTag: string | undefined;
  #stopping: Promise<void> | undefined;

  constructor(
    private readonly manager: ConnectionManager,
    readonly definition: D,
    private readonly impl: ServiceImplementation<D>,
    options: ServeOptions,
    /** Called once stopped, so the owner can forget it. */
    private readonly onStopped: () => void,
  ) {
    this.name = `server ${definition.routingKey}`;
    this.#concurrency = options.concurrency ?? 32;
    this.#limits = { maxBytes: options.maxRequestBytes ?? 64 << 20, maxHeaderBytes: options.maxHeaderBytes ?? 16 << 10 };
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.#work = new WorkQueue(this.#concurrency, (delivery) => this.#serve(delivery));
    const missing = Object.keys(definition.methods).filter((key) => typeof (impl as Record<string, unknown>)[key] !== "function");
    if (missing.length > 0) throw new TypeError(`serve ${definition.name}: the implementation lacks ${missing.join(", ")}`);
    this.#channel = manager.channel(this, { maxWaiting: 1 });
  }

  /** Resolves once the consumer is up; rejects if declaring the queue or consuming failed. */
  ready(): Promise<void> {
    return this.#channel.firstSetup;
  }

  /** Requests being handled now. */
  get inFlight(): number {
    return this.#work.size;
  }

  async setup(channel: Channel): Promise<void> {
    const key = this.definition.routingKey;
    // Twice the concurrency keeps a request ready whenever a handler finishes.
    await channel.prefetch(this.#concurrency * 2);
    await channel.assertExchange(RPC_EXCHANGE, "direct", EXCHANGE_OPTIONS);
    await channel.assertQueue(key, SERVICE_QUEUE_OPTIONS);
    await channel.bindQueue(key, RPC_EXCHANGE, key);
    const { consumerTag } = await channel.consume(key, (message) => this.#onDelivery(channel, message), { noAck: false });
    this.#consumerTag = consumerTag;
  }

  /** The channel went: its deliveries can no longer be acked (the broker requeues them), so stop their handlers. */
  lost(error: Error): void {
    this.#consumerTag = undefined;
    this.#work.clear();
    for (const context of this.#running) context.abort(new ConnectionLostError(`the server's channel was lost: ${error.message}`));
  }

  /**
   * Stops consuming, lets running handlers finish for up to the drain time
   * (then aborts them), replies and acks what finished, and closes the channel.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const channel = this.#channel.current;
    const tag = this.#consumerTag;
    if (channel !== undefined && tag !== undefined) await channel.cancel(tag).catch(() => undefined);
    // Queued requests have not started: the broker hands them to another server when the channel closes.
    await drain(this.#work, this.#drainTimeoutMs, () => {
      for (const context of this.#running) context.abort(new BusClosedError("the server is shutting down"));
    });
    await this.#channel.close();
    this.onStopped();
  }

  #onDelivery(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted): declare and consume again.
      this.#channel.restart(`the broker cancelled the consumer of ${this.definition.routingKey}`);
      return;
    }
    this.#work.push({ message, channel, arrival: Date.now() });
  }

  /** Serves one delivery; synchronously when its handler answers synchronously. */
  #serve(delivery: Delivery): Promise<void> | undefined {
    const message = delivery.message;
    const correlationId: unknown = message.properties.correlationId;
    const id = typeof correlationId === "string" ? correlationId : "";
    const deadline = requestDeadline(message, delivery.arrival);
    if (deadline !== undefined && Date.now() >= deadline) {
      // Its caller has stopped waiting: running it would be wasted work.
      this.counters.expired++;
      this.#finish(delivery, id, undefined);
      return undefined;
    }
    const reply = this.#respond(message, id, deadline);
    if (reply instanceof Promise) return reply.then((bytes) => this.#finish(delivery, id, bytes));
    this.#finish(delivery, id, reply);
    return undefined;
  }

  /** Publishes the reply, then acks the request on the channel it came on (in that order). */
  #finish({ message, channel }: Delivery, id: string, reply: Buffer | undefined): void {
    if (!this.#channel.owns(channel)) return; // the channel died: the broker requeued the request
    const replyTo: unknown = message.properties.replyTo;
    try {
      if (reply !== undefined && typeof replyTo === "string" && replyTo !== "") {
        // One object shape for every reply keeps amqplib's option handling monomorphic.
        const sent = channel.publish(RPC_EXCHANGE, replyTo, reply, { correlationId: id, contentType: CONTENT_TYPE });
        if (!sent) this.#channel.markCongested();
      }
      channel.ack(message);
    } catch (error) {
      // The channel closed under us; the broker requeues the request.
      this.manager.logger.warn({ err: error, service: this.definition.name }, "could not reply");
    }
  }

  /** The reply bytes for a request: its response, or an error reply. */
  #respond(message: ConsumeMessage, id: string, deadline: number | undefined): Buffer | Promise<Buffer> {
    const service = this.definition;
    const read = readRequest(service, message, this.#limits);
    if (read.kind === "reserved") return reservedReply(service.reservedField?.response ?? 0);
    if (read.kind === "bad") {
      this.counters.badRequests++;
      const replyTo: unknown = message.properties.replyTo;
      const replied = typeof replyTo === "string" && replyTo !== "";
      this.manager.logger.warn({ service: service.name, reason: read.reason, correlationId: id, replied }, "bad request");
      this.manager.events.emit("bad-request", { service: service.name, reason: read.reason, replied });
      return errorReply(service, read.reason);
    }
    const method = read.method as MethodDefinition<unknown, unknown>;
    const context = new HandlerContext(id, deadline, message, this.#running, method);
    let result: unknown;
    try {
      const handler = this.impl[method.localName as keyof ServiceImplementation<D>] as (request: unknown, context: CallContext) => unknown;
      result = handler.call(this.impl, read.request, context);
    } catch (error) {
      context.dispose();
      return this.#failed(method, error);
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          context.dispose();
          return this.#succeeded(method, value);
        },
        (error: unknown) => {
          context.dispose();
          return this.#failed(method, error);
        },
      );
    }
    context.dispose();
    return this.#succeeded(method, result);
  }

  /** The response envelope for what a handler returned (an error reply if it does not encode). */
  #succeeded(method: MethodDefinition<unknown, unknown>, value: unknown): Buffer {
    try {
      const bytes = encodeMessage(method.responseType, value as DeepPartial<unknown>, method.responseField);
      this.counters.handled++;
      return bytes;
    } catch (error) {
      return this.#failed(method, error);
    }
  }

  #failed(method: MethodDefinition, error: unknown): Buffer {
    const service = this.definition;
    this.counters.handlerErrors++;
    this.manager.logger.warn({ err: error, service: service.name, method: method.name }, "handler failed");
    this.manager.events.emit("handler-error", { service: service.name, method: method.name, error });
    return thrownReply(service, error);
  }
}
