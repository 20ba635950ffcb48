import type { BusEvents } from "./bus-events.js";
import type { CallOptions } from "./call-options.js";
import type { ConnectionManager } from "./connection/connection-manager.js";
import { BusClosedError } from "./errors.js";
import { eventRouter } from "./events/event-router.js";
import { EventPublisher } from "./events/event-publisher.js";
import { EventStream } from "./events/event-stream.js";
import type { PublishOptions } from "./events/publish-options.js";
import {
  EventDecodeError,
  EventSubscription,
  type EventError,
  type RawEvent,
  type SubscribeOptions,
  type Subscription,
} from "./events/subscription.js";
import type { EventFor, EventMap, PayloadFor, TopicOf } from "./events/topic-types.js";
import type { DeepPartial } from "./message-type.js";
import type { RpcCaller } from "./rpc-caller.js";
import { RpcClient, type RpcClientCounters } from "./rpc/rpc-client.js";
import { RpcServer, type RpcServerCounters } from "./rpc/rpc-server.js";
import type { ServeOptions } from "./rpc/serve-options.js";
import type { ServiceImplementation } from "./rpc/service-implementation.js";
import type { MethodDefinition, ServiceDefinition } from "./service-definition.js";
import type { TypedEvents } from "./util/typed-events.js";
import { encodeMessage } from "./wire/encode-message.js";

/** A service this bus serves, from `bus.serve()`. */
export interface ServedService {
  readonly definition: ServiceDefinition;
  readonly counters: Readonly<RpcServerCounters>;
  /** Stops consuming, drains running handlers (see `ServeOptions.drainTimeoutMs`) and closes the server's channel. */
  stop(): Promise<void>;
}

/** A snapshot of what the bus is doing. */
export interface BusStats {
  readonly connected: boolean;
  /** Calls waiting for a reply. */
  readonly pendingCalls: number;
  readonly client: Readonly<RpcClientCounters>;
  /** Per served routing key. */
  readonly servers: Readonly<Record<string, Readonly<RpcServerCounters> & { readonly inFlight: number }>>;
  /** Subscriptions open now. */
  readonly subscriptions: number;
}

export interface BusInit {
  readonly manager: ConnectionManager;
  readonly events: TypedEvents<BusEvents>;
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
  readonly maxWaitingPublishes: number;
}

/**
 * A connection to the Koinos bus, from `connect()`: calls services (it is the
 * `RpcCaller` generated clients take), serves them, and closes cleanly.
 */
export class Bus implements RpcCaller {
  readonly #init: BusInit;
  readonly #servers = new Set<RpcServer<ServiceDefinition>>();
  readonly #subscriptions = new Set<EventSubscription>();
  #client: RpcClient | undefined;
  #publisher: EventPublisher | undefined;
  #confirmingPublisher: EventPublisher | undefined;
  #closing: Promise<void> | undefined;

  /** @internal Use `connect()`. */
  constructor(init: BusInit) {
    this.#init = init;
  }

  /** The `connection_name` the broker shows for this bus. */
  get name(): string {
    return this.#init.manager.name;
  }

  /** Listens to a bus event (see BusEvents); returns a function that stops listening. */
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    return this.#init.events.on(event, listener);
  }

  /** Sends one request and resolves with the typed response (generated clients call this). */
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options?: CallOptions): Promise<Res> {
    if (this.#closing !== undefined) return Promise.reject(new BusClosedError("the bus is closed"));
    this.#client ??= new RpcClient(this.#init.manager, this.#init);
    return this.#client.call(method, request, options);
  }

  /**
   * Serves a service: consumes its durable queue `koinos.rpc.<name>` as one
   * of possibly many competing servers. Resolves once the consumer is up.
   */
  async serve<D extends ServiceDefinition>(definition: D, impl: ServiceImplementation<D>, options: ServeOptions = {}): Promise<ServedService> {
    if (this.#closing !== undefined) throw new BusClosedError("the bus is closed");
    const server: RpcServer<ServiceDefinition> = new RpcServer(this.#init.manager, definition, impl, options, () => this.#servers.delete(server));
    this.#servers.add(server);
    try {
      await server.ready();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /**
   * Subscribes to the topics matching `pattern` (AMQP wildcards: `*` one
   * word, `#` any number) with a queue of its own bound to `koinos.event`.
   * The handler's event type is the union of the map's topics the pattern
   * can match. Resolves once the queue is bound.
   */
  async subscribe<M extends EventMap, P extends string>(
    map: M,
    pattern: P,
    handler: (event: EventFor<M, P>) => unknown,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const router = eventRouter(map);
    return this.#subscribe(
      pattern,
      (raw) => {
        const type = router.typeOf(raw.topic);
        if (type === undefined) throw new EventDecodeError(`no message is known for topic ${raw.topic}`);
        let message: unknown;
        try {
          message = type.decode(raw.bytes);
        } catch (error) {
          throw new EventDecodeError(`the body does not decode: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        return handler({ topic: raw.topic, message, bytes: raw.bytes, redelivered: raw.redelivered } as EventFor<M, P>);
      },
      options,
    );
  }

  /** Subscribes without decoding: the handler gets each event's topic and bytes as received. */
  subscribeRaw(pattern: string, handler: (event: RawEvent) => unknown, options: SubscribeOptions = {}): Promise<Subscription> {
    return this.#subscribe(pattern, handler, options);
  }

  /**
   * The events of `subscribe()` as an async iterable, handled one at a
   * time; `bufferSize` (default 16) bounds what waits for the loop, and
   * leaving the loop unsubscribes.
   */
  async events<M extends EventMap, P extends string>(
    map: M,
    pattern: P,
    options: Omit<SubscribeOptions, "concurrency"> & { readonly bufferSize?: number } = {},
  ): Promise<EventStream<EventFor<M, P>>> {
    const stream = new EventStream<EventFor<M, P>>(options.bufferSize ?? 16);
    stream.attach(await this.subscribe(map, pattern, (event) => stream.push(event), { ...options, concurrency: 1 }));
    return stream;
  }

  /** Publishes `message` under `topic`; its type is the one the map gives the topic. */
  publish<M extends EventMap, T extends TopicOf<keyof M & string>>(map: M, topic: T, message: DeepPartial<PayloadFor<M, T>>, options: PublishOptions = {}): Promise<void> {
    const type = eventRouter(map).typeOf(topic);
    if (type === undefined) return Promise.reject(new TypeError(`publish: the event map knows no topic ${topic}`));
    let body: Buffer;
    try {
      body = encodeMessage(type, message as DeepPartial<unknown>);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.publishRaw(topic, body, options);
  }

  /** Publishes bytes as they are, e.g. an event received with `subscribeRaw` (re-encoding would drop unknown fields). */
  publishRaw(topic: string, bytes: Uint8Array, options: PublishOptions = {}): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(new BusClosedError("the bus is closed"));
    const { manager, maxWaitingPublishes, callTimeoutMs } = this.#init;
    const publisher = options.confirm === true
      ? (this.#confirmingPublisher ??= new EventPublisher(manager, true, maxWaitingPublishes, callTimeoutMs))
      : (this.#publisher ??= new EventPublisher(manager, false, maxWaitingPublishes, callTimeoutMs));
    return publisher.publish(topic, bytes, options);
  }

  async #subscribe(pattern: string, handle: (event: RawEvent) => unknown, options: SubscribeOptions): Promise<Subscription> {
    if (this.#closing !== undefined) throw new BusClosedError("the bus is closed");
    const { manager, events } = this.#init;
    const onError =
      options.onError ??
      ((e: EventError) => {
        manager.logger.warn({ err: e.error, topic: e.topic, reason: e.reason }, "event not handled");
        events.emit("event-error", { topic: e.topic, reason: e.reason, bytes: e.bytes });
      });
    const subscription = new EventSubscription(manager, pattern, handle, onError, options, () => this.#subscriptions.delete(subscription));
    this.#subscriptions.add(subscription);
    try {
      await subscription.ready();
    } catch (error) {
      await subscription.unsubscribe();
      throw error;
    }
    return subscription;
  }

  stats(): BusStats {
    const servers: Record<string, RpcServerCounters & { inFlight: number }> = {};
    for (const server of this.#servers) servers[server.definition.routingKey] = { ...server.counters, inFlight: server.inFlight };
    return {
      connected: this.#init.manager.topologyReady,
      pendingCalls: this.#client?.pendingCalls ?? 0,
      client: { ...(this.#client?.counters ?? { lateReplies: 0, timeouts: 0, returned: 0 }) },
      servers,
      subscriptions: this.#subscriptions.size,
    };
  }

  /**
   * Closes the bus: servers stop consuming and drain their running handlers,
   * pending calls fail with BusClosedError, then the connection closes.
   * Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await Promise.all([...this.#servers].map((server) => server.stop()));
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.unsubscribe()));
    this.#servers.clear();
    this.#subscriptions.clear();
    await Promise.all([this.#client?.close(), this.#publisher?.close(), this.#confirmingPublisher?.close()]);
    await this.#init.manager.close();
  }
}
