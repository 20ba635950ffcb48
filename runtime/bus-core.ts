import type { Bus, BusStats, QueueStatus, ServedService } from "./bus.js";
import type { BusEvents } from "./bus-events.js";
import type { BusState } from "./bus-state.js";
import type { CallOptions } from "./call-options.js";
import { closedError } from "./connection/declare-error.js";
import { deadlineAfter } from "./deadline.js";
import { InvalidArgumentError } from "./errors.js";
import { eventRouter } from "./events/event-router.js";
import { EventStream } from "./events/event-stream.js";
import type { PublishOptions } from "./events/publish-options.js";
import {
  EventDecodeError,
  EventSubscription,
  type EventDelivery,
  type EventError,
  type RawEvent,
  type SubscribeOptions,
  type Subscription,
} from "./events/subscription.js";
import type { EventFor, EventMap, PayloadFor, TopicOf } from "./events/topic-types.js";
import type { Logger } from "./logger.js";
import type { DeepPartial } from "./message-type.js";
import { countOption } from "./options-check.js";
import type { RpcClientCounters } from "./rpc/rpc-client.js";
import { RpcServer } from "./rpc/rpc-server.js";
import type { ServeOptions } from "./rpc/serve-options.js";
import type { RpcServerCounters, ServerDelivery } from "./rpc/service-handler.js";
import type { ServiceImplementation } from "./rpc/service-implementation.js";
import type { MethodDefinition, ServiceDefinition } from "./service-definition.js";
import type { TypedEvents } from "./util/typed-events.js";
import { decodeMessage } from "./wire/decode-message.js";
import { encodeMessage } from "./wire/encode-message.js";

/** A server as the bus tracks it, whatever its transport. */
interface ServerHandle extends ServedService {
  readonly inFlight: number;
  stopIntake(): Promise<void>;
}

/** A subscription as the bus tracks it, whatever its transport. */
interface SubscriptionHandle {
  stopIntake(): Promise<void>;
  unsubscribe(): Promise<void>;
}

/** The bus's own phase, on top of its transport's state. */
type Phase = "open" | "draining" | "closing";

/**
 * What every Bus implementation shares: checking and encoding what users
 * pass, typed subscriptions and event streams, the servers and
 * subscriptions it holds, the close phases and the stats. A transport (the
 * RabbitMQ connection, the memory broker) supplies the rest.
 */
export abstract class BusCore<SD extends ServerDelivery, ED extends EventDelivery> implements Bus {
  readonly #servers = new Set<ServerHandle>();
  readonly #subscriptions = new Set<SubscriptionHandle>();
  #phase: Phase = "open";
  #closing: Promise<void> | undefined;

  constructor(
    protected readonly emitter: TypedEvents<BusEvents>,
    protected readonly logger: Logger,
  ) {}

  abstract readonly name: string;
  /** The transport's state: connecting, ready, reconnecting, failed, closing, closed. */
  protected abstract readonly transportState: BusState;
  /** Why nothing can be sent any more (closed, or failed for good), if so. */
  protected abstract readonly failure: Error | undefined;
  /** Calls started and not settled, and the client's counters. */
  protected abstract clientStats(): { readonly pendingCalls: number; readonly counters: Readonly<RpcClientCounters> };
  /** Sends a checked call. */
  protected abstract send<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options: CallOptions | undefined): Promise<Res>;
  /** Publishes checked bytes. */
  protected abstract sendEvent(topic: string, bytes: Uint8Array, options: PublishOptions): Promise<void>;
  /** Gives the server a transport and resolves once it consumes (bounded by `deadline` and `signal`). */
  protected abstract startServer<D extends ServiceDefinition>(server: RpcServer<D, SD>, deadline: number, signal: AbortSignal | undefined): Promise<void>;
  /** Gives the subscription a transport and resolves once its queue is bound (bounded by `deadline` and `signal`). */
  protected abstract startSubscription(subscription: EventSubscription<ED>, deadline: number, signal: AbortSignal | undefined): Promise<void>;
  /** Phases 3 and 4 of close: fail pending calls, then close the transport. */
  protected abstract closeTransport(): Promise<void>;
  /** The queue's figures from the transport, undefined if it does not exist. */
  protected abstract inspectQueue(queue: string): Promise<QueueStatus | undefined>;

  get state(): BusState {
    if (this.#phase === "open") return this.transportState;
    return this.transportState === "closed" ? "closed" : "closing";
  }

  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options?: CallOptions): Promise<Res> {
    const refused = this.#refuse("closing");
    if (refused !== undefined) return Promise.reject(refused);
    return this.send(method, request, options);
  }

  async serve<D extends ServiceDefinition>(definition: D, impl: ServiceImplementation<D>, options: ServeOptions = {}): Promise<ServedService> {
    const refused = this.#refuse("draining");
    if (refused !== undefined) throw refused;
    const deadline = deadlineAfter(options.readyTimeoutMs, Infinity, `serve ${definition.name}: readyTimeoutMs`);
    const server: RpcServer<D, SD> = new RpcServer(definition, impl, options, {
      logger: this.logger,
      events: this.emitter,
      onStopped: () => this.#servers.delete(server),
    });
    this.#servers.add(server);
    try {
      await this.startServer(server, deadline, options.signal);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  subscribe<M extends EventMap, P extends string>(map: M, pattern: P, handler: (event: EventFor<M, P>) => unknown, options: SubscribeOptions = {}): Promise<Subscription> {
    const router = eventRouter(map);
    const decoding = (raw: RawEvent) => {
      const type = router.typeOf(raw.topic);
      if (type === undefined) throw new EventDecodeError(`no message is known for topic ${raw.topic}`);
      let message: unknown;
      try {
        message = decodeMessage(type, raw.bytes);
      } catch (error) {
        throw new EventDecodeError(`the body does not decode: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      return handler({ topic: raw.topic, message, bytes: raw.bytes, redelivered: raw.redelivered } as EventFor<M, P>);
    };
    return this.#subscribe(pattern, decoding, options);
  }

  subscribeRaw(pattern: string, handler: (event: RawEvent) => unknown, options: SubscribeOptions = {}): Promise<Subscription> {
    return this.#subscribe(pattern, handler, options);
  }

  async events<M extends EventMap, P extends string>(
    map: M,
    pattern: P,
    options: Omit<SubscribeOptions, "concurrency"> & { readonly bufferSize?: number } = {},
  ): Promise<EventStream<EventFor<M, P>>> {
    const stream = new EventStream<EventFor<M, P>>(countOption(options.bufferSize, 16, Infinity, "events: bufferSize"));
    stream.attach(await this.subscribe(map, pattern, (event) => stream.push(event), { ...options, concurrency: 1 }));
    return stream;
  }

  publish<M extends EventMap, T extends TopicOf<keyof M & string>>(map: M, topic: T, message: DeepPartial<PayloadFor<M, T>>, options: PublishOptions = {}): Promise<void> {
    const type = eventRouter(map).typeOf(topic);
    if (type === undefined) return Promise.reject(new InvalidArgumentError(`publish: the event map knows no topic ${topic}`));
    let body: Buffer;
    try {
      body = encodeMessage(type, message as DeepPartial<unknown>);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.publishRaw(topic, body, options);
  }

  publishRaw(topic: string, bytes: Uint8Array, options: PublishOptions = {}): Promise<void> {
    const refused = this.#refuse("closing");
    if (refused !== undefined) return Promise.reject(refused);
    return this.sendEvent(topic, bytes, options);
  }

  stats(): BusStats {
    const servers: Record<string, RpcServerCounters & { inFlight: number }> = {};
    for (const server of this.#servers) servers[server.definition.routingKey] = { ...server.counters, inFlight: server.inFlight };
    const client = this.clientStats();
    return {
      state: this.state,
      connected: this.transportState === "ready",
      pendingCalls: client.pendingCalls,
      client: { ...client.counters },
      servers,
      subscriptions: this.#subscriptions.size,
    };
  }

  queueStatus(queue: string): Promise<QueueStatus | undefined> {
    const refused = this.#refuse("closing");
    if (refused !== undefined) return Promise.reject(refused);
    return this.inspectQueue(queue);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#phase = "draining";
    const servers = [...this.#servers];
    const subscriptions = [...this.#subscriptions];
    await Promise.all([...servers.map((s) => s.stopIntake()), ...subscriptions.map((s) => s.stopIntake())]);
    await Promise.all([...servers.map((s) => s.stop()), ...subscriptions.map((s) => s.unsubscribe())]);
    this.#phase = "closing";
    await this.closeTransport();
  }

  async #subscribe(pattern: string, handle: (event: RawEvent) => unknown, options: SubscribeOptions): Promise<Subscription> {
    const refused = this.#refuse("draining");
    if (refused !== undefined) throw refused;
    const deadline = deadlineAfter(options.readyTimeoutMs, Infinity, `subscribe ${pattern}: readyTimeoutMs`);
    const report = (e: EventError) => {
      this.logger.warn({ err: e.error, topic: e.topic, reason: e.reason }, "event not handled");
      this.emitter.emit("event-error", { topic: e.topic, reason: e.reason, bytes: e.bytes });
    };
    const subscription: EventSubscription<ED> = new EventSubscription(pattern, handle, options, {
      logger: this.logger,
      onError: options.onError ?? report,
      report,
      onClosed: () => this.#subscriptions.delete(subscription),
    });
    this.#subscriptions.add(subscription);
    try {
      await this.startSubscription(subscription, deadline, options.signal);
    } catch (error) {
      await subscription.unsubscribe();
      throw error;
    }
    return subscription;
  }

  /**
   * Why new work of a kind is refused now, if it is: from `phase` on (calls
   * and publishes go on while servers drain; serving and subscribing stop
   * at once), or for good once the bus closed or gave up reconnecting.
   */
  #refuse(from: "draining" | "closing"): Error | undefined {
    if (this.#phase === "closing" || (from === "draining" && this.#phase === "draining")) return this.failure ?? closedError();
    return this.failure;
  }
}
