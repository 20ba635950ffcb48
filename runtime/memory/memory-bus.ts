import type { Bus, QueueStatus } from "../bus.js";
import { ConnectionLostError } from "../errors.js";
import { BusCore } from "../bus-core.js";
import type { BusEvents } from "../bus-events.js";
import type { BusState } from "../bus-state.js";
import type { CallOptions } from "../call-options.js";
import type { PublishOptions } from "../events/publish-options.js";
import type { EventSubscription } from "../events/subscription.js";
import type { Logger } from "../logger.js";
import type { DeepPartial } from "../message-type.js";
import type { RpcClientCounters } from "../rpc/rpc-client.js";
import type { RpcServer } from "../rpc/rpc-server.js";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";
import type { TypedEvents } from "../util/typed-events.js";
import type { Broker, MemoryBroker } from "./memory-broker.js";
import { MemoryConnection } from "./memory-connection.js";
import { MemoryPublisher } from "./memory-publisher.js";
import { MemoryRpcClient } from "./memory-rpc-client.js";
import { MemoryServerChannel, type MemoryDelivery } from "./memory-server-channel.js";
import { MemorySubscriptionChannel, type MemoryEventDelivery } from "./memory-subscription-channel.js";

/**
 * A Bus in memory, from `createMemoryBus()`: the same semantics as the
 * RabbitMQ bus, for unit tests that need no broker, and a few switches to
 * take it down and back, so that tests can exercise recovery code.
 */
export interface MemoryBus extends Bus {
  /** The broker it is connected to; pass it to `createMemoryBus({ broker })` to connect another bus to it. */
  readonly broker: MemoryBroker;
  /**
   * Loses the connection, as a network failure would, and stays down until
   * `reconnect()`: the state becomes `reconnecting` and `disconnected`
   * fires; calls waiting for a reply fail with ConnectionLostError; this
   * bus's servers' running handlers see their signal abort with
   * ConnectionLostError, and the requests they held go back to their queue
   * for other servers (their answers are dropped); events waiting in this
   * bus's subscription queues are lost with the queues. Calls and publishes
   * made meanwhile wait, within their timeout, `maxPendingCalls` and
   * `maxWaitingPublishes`; `serve()` and `subscribe()` wait within
   * `readyTimeoutMs`. Does nothing unless the bus is `ready`.
   */
  disconnect(error?: Error): void;
  /**
   * Connects again after `disconnect()`: a new reply queue, every server
   * consuming again, every subscription bound again with a new queue; then
   * the state is `ready`, `connected` fires (`reconnected: true`) and what
   * waited goes out. Does nothing while `ready`; throws the reason once the
   * bus is closed or gave up.
   */
  reconnect(): void;
  /**
   * Gives up reconnecting, as the RabbitMQ bus does when
   * `reconnect.maxAttempts` attempts failed (disconnecting first if it is
   * `ready`): the state is `failed` for good, `reconnect-failed` fires, and
   * whatever waited, and every later call, publish, serve and subscribe,
   * settles with ConnectionLostError; subscriptions end with it.
   */
  giveUp(error?: Error): void;
}

export interface MemoryBusInit {
  readonly broker: Broker;
  readonly name: string;
  readonly events: TypedEvents<BusEvents>;
  readonly logger: Logger;
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
  readonly maxWaitingPublishes: number;
  /** Requests no queue takes come back as NoRouteError (else they are dropped and the call times out). */
  readonly mandatory: boolean;
}

/** The memory broker's Bus: a connection to its broker, its client, its publisher, and a consumer per server and subscription. */
export class MemoryBusImpl extends BusCore<MemoryDelivery, MemoryEventDelivery> implements MemoryBus {
  readonly name: string;
  readonly #connection: MemoryConnection;
  readonly #client: MemoryRpcClient;
  readonly #publisher: MemoryPublisher;

  constructor(init: MemoryBusInit) {
    super(init.events, init.logger);
    this.name = init.name;
    this.#connection = new MemoryConnection(init.broker, init.events, init.logger);
    this.#client = new MemoryRpcClient(this.#connection, init.events, init.logger, init);
    this.#publisher = new MemoryPublisher(this.#connection, init.maxWaitingPublishes, init.callTimeoutMs);
  }

  get broker(): MemoryBroker {
    return this.#connection.broker;
  }

  disconnect(error: Error = new Error("the memory bus was disconnected")): void {
    this.#connection.disconnect(error);
  }

  reconnect(): void {
    this.#connection.reconnect();
  }

  giveUp(error: Error = new Error("the memory bus gave up")): void {
    this.#connection.giveUp(error);
  }

  protected get transportState(): BusState {
    return this.#connection.state;
  }

  protected get failure(): Error | undefined {
    return this.#connection.failure;
  }

  protected clientStats(): { pendingCalls: number; counters: Readonly<RpcClientCounters> } {
    return { pendingCalls: this.#client.pendingCalls, counters: this.#client.counters };
  }

  protected send<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options: CallOptions | undefined): Promise<Res> {
    return this.#client.call(method, request, options);
  }

  protected sendEvent(topic: string, bytes: Uint8Array, options: PublishOptions): Promise<void> {
    return this.#publisher.publish(topic, bytes, options);
  }

  protected startServer<D extends ServiceDefinition>(server: RpcServer<D, MemoryDelivery>, deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new MemoryServerChannel(this.#connection, server, this.logger).ready(deadline, signal);
  }

  protected startSubscription(subscription: EventSubscription<MemoryEventDelivery>, deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new MemorySubscriptionChannel(this.#connection, subscription, this.logger).ready(deadline, signal);
  }

  /** As a passive declare on RabbitMQ: the queue's ready messages and consumers, or undefined if it was never declared; refused while disconnected. */
  protected inspectQueue(queue: string): Promise<QueueStatus | undefined> {
    if (this.#connection.state !== "ready") return Promise.reject(new ConnectionLostError(`queue ${queue}: no connection to the broker`));
    const info = this.#connection.broker.queue(queue);
    return Promise.resolve(info === undefined ? undefined : { queue, messages: info.messages, consumers: info.consumers });
  }

  protected closeTransport(): Promise<void> {
    this.#client.close();
    this.#connection.close();
    return Promise.resolve();
  }
}
