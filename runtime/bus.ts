import type { BusEvents } from "./bus-events.js";
import type { BusState } from "./bus-state.js";
import type { CallOptions } from "./call-options.js";
import type { EventStream } from "./events/event-stream.js";
import type { PublishOptions } from "./events/publish-options.js";
import type { RawEvent, SubscribeOptions, Subscription } from "./events/subscription.js";
import type { EventFor, EventMap, PayloadFor, TopicOf } from "./events/topic-types.js";
import type { DeepPartial } from "./message-type.js";
import type { RpcCaller } from "./rpc-caller.js";
import type { RpcClientCounters } from "./rpc/rpc-client.js";
import type { RpcServerCounters } from "./rpc/service-handler.js";
import type { ServeOptions } from "./rpc/serve-options.js";
import type { ServiceImplementation } from "./rpc/service-implementation.js";
import type { MethodDefinition, ServiceDefinition } from "./service-definition.js";

/** A service a bus serves, from `bus.serve()`. */
export interface ServedService {
  readonly definition: ServiceDefinition;
  readonly counters: Readonly<RpcServerCounters>;
  /**
   * Stops consuming (requests delivered but not started go back to the
   * queue at once, for another server), lets started handlers finish (see
   * `ServeOptions.drainTimeoutMs`) and releases the consumer.
   */
  stop(): Promise<void>;
}

/** A queue as the broker sees it, from `bus.queueStatus()`. */
export interface QueueStatus {
  readonly queue: string;
  /** Messages ready for delivery (not counting those delivered and not yet acknowledged). */
  readonly messages: number;
  /** Consumers on the queue: for a service queue, the servers of that service. */
  readonly consumers: number;
}

/** A snapshot of what the bus is doing. */
export interface BusStats {
  readonly state: BusState;
  /** True while the bus is `ready`. */
  readonly connected: boolean;
  /** Calls started and not settled: waiting for the broker, for their reply, or between retries. */
  readonly pendingCalls: number;
  readonly client: Readonly<RpcClientCounters>;
  /** Per served routing key. */
  readonly servers: Readonly<Record<string, Readonly<RpcServerCounters> & { readonly inFlight: number }>>;
  /** Subscriptions open now. */
  readonly subscriptions: number;
}

/**
 * The Koinos bus: calls services (it is the `RpcCaller` generated clients
 * take), serves them, publishes and subscribes to events, and closes in
 * phases. `connect()` gives one on RabbitMQ, `createMemoryBus()` one in
 * memory with the same semantics, for tests; code written against this
 * interface runs on both.
 */
export interface Bus extends RpcCaller {
  /** The connection name the broker shows for this bus. */
  readonly name: string;
  /** Where the bus is in its life (see BusState). */
  readonly state: BusState;

  /** Listens to a bus event (see BusEvents); returns a function that stops listening. */
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void;

  /**
   * Sends one request and resolves with the typed response (generated
   * clients call this). Calls still go out while `close()` drains servers, so
   * that running handlers can call other services.
   */
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options?: CallOptions): Promise<Res>;

  /**
   * Serves a service: consumes its queue `koinos.rpc.<name>` as one of
   * possibly many competing servers. Resolves once the consumer is up;
   * during an outage that waits for the broker, bounded by
   * `options.readyTimeoutMs` and `options.signal`.
   */
  serve<D extends ServiceDefinition>(definition: D, impl: ServiceImplementation<D>, options?: ServeOptions): Promise<ServedService>;

  /**
   * Subscribes to the topics matching `pattern` (AMQP wildcards: `*` one
   * word, `#` any number) with a queue of its own bound to `koinos.event`.
   * The handler's event type is the union of the map's topics the pattern
   * can match. Resolves once the queue is bound.
   */
  subscribe<M extends EventMap, P extends string>(map: M, pattern: P, handler: (event: EventFor<M, P>) => unknown, options?: SubscribeOptions): Promise<Subscription>;

  /** Subscribes without decoding: the handler gets each event's topic and bytes as received. */
  subscribeRaw(pattern: string, handler: (event: RawEvent) => unknown, options?: SubscribeOptions): Promise<Subscription>;

  /**
   * The events of `subscribe()` as an async iterable, handled one at a
   * time; `bufferSize` (default 16) bounds what waits for the loop, and
   * leaving the loop unsubscribes. The loop ends when the subscription does:
   * after the buffered events, quietly on `bus.close()`, by throwing the
   * cause when the bus gave up reconnecting.
   */
  events<M extends EventMap, P extends string>(
    map: M,
    pattern: P,
    options?: Omit<SubscribeOptions, "concurrency"> & { readonly bufferSize?: number },
  ): Promise<EventStream<EventFor<M, P>>>;

  /** Publishes `message` under `topic`; its type is the one the map gives the topic. */
  publish<M extends EventMap, T extends TopicOf<keyof M & string>>(map: M, topic: T, message: DeepPartial<PayloadFor<M, T>>, options?: PublishOptions): Promise<void>;

  /** Publishes bytes as they are, e.g. an event received with `subscribeRaw` (re-encoding would drop unknown fields). */
  publishRaw(topic: string, bytes: Uint8Array, options?: PublishOptions): Promise<void>;

  /** A snapshot of what the bus is doing. */
  stats(): BusStats;

  /**
   * A queue as the broker sees it now (`koinos.rpc.chain`: is a chain
   * service consuming?), through a passive declaration that creates and
   * changes nothing; undefined if there is no such queue. Rejects with
   * ConnectionLostError while the bus has no connection.
   */
  queueStatus(queue: string): Promise<QueueStatus | undefined>;

  /**
   * Closes the bus in phases: (1) every server and subscription stops its
   * intake (requests delivered but not started go back to the queue); (2)
   * started handlers finish, within their drain time, while calls and
   * publishes still go out; (3) calls still waiting fail with
   * BusClosedError; (4) the transport closes. Calling it again returns the
   * same promise.
   */
  close(): Promise<void>;
}
