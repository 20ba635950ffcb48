import type { QueueStatus } from "./bus.js";
import { BusCore } from "./bus-core.js";
import type { BusEvents } from "./bus-events.js";
import type { BusState } from "./bus-state.js";
import type { CallOptions } from "./call-options.js";
import type { ConnectionManager } from "./connection/connection-manager.js";
import { AmqpSubscriptionChannel, type AmqpEventDelivery } from "./events/amqp-subscription-channel.js";
import { EventPublisher, WaitingPublishes } from "./events/event-publisher.js";
import type { PublishOptions } from "./events/publish-options.js";
import type { EventSubscription } from "./events/subscription.js";
import type { DeepPartial } from "./message-type.js";
import { countOption } from "./options-check.js";
import { AmqpServerChannel, type AmqpDelivery } from "./rpc/amqp-server-channel.js";
import { RpcClient, type RpcClientCounters, type RpcClientOptions } from "./rpc/rpc-client.js";
import type { RpcServer } from "./rpc/rpc-server.js";
import { ConnectionLostError } from "./errors.js";
import type { MethodDefinition, ServiceDefinition } from "./service-definition.js";
import type { TypedEvents } from "./util/typed-events.js";

export interface AmqpBusInit extends RpcClientOptions {
  readonly manager: ConnectionManager;
  readonly events: TypedEvents<BusEvents>;
  readonly maxWaitingPublishes: number;
}

const noCalls: Readonly<RpcClientCounters> = { lateReplies: 0, timeouts: 0, returned: 0 };

/**
 * The Bus on RabbitMQ, from `connect()`: one connection, a channel per
 * server, per subscription, for calls and for publishes, all restored after
 * a reconnect (see ConnectionManager).
 */
export class AmqpBus extends BusCore<AmqpDelivery, AmqpEventDelivery> {
  readonly #init: AmqpBusInit;
  readonly #waitingPublishes: WaitingPublishes;
  #client: RpcClient | undefined;
  #publisher: EventPublisher | undefined;
  #confirmingPublisher: EventPublisher | undefined;

  constructor(init: AmqpBusInit) {
    super(init.events, init.manager.logger);
    this.#init = init;
    countOption(init.maxPendingCalls, 65_536, Infinity, "connect: maxPendingCalls");
    this.#waitingPublishes = new WaitingPublishes(countOption(init.maxWaitingPublishes, 4096, Infinity, "connect: maxWaitingPublishes"));
  }

  /** The `connection_name` the broker shows for this bus. */
  get name(): string {
    return this.#init.manager.name;
  }

  protected get transportState(): BusState {
    return this.#init.manager.state;
  }

  protected get failure(): Error | undefined {
    return this.#init.manager.failure;
  }

  protected clientStats(): { pendingCalls: number; counters: Readonly<RpcClientCounters> } {
    return { pendingCalls: this.#client?.pendingCalls ?? 0, counters: this.#client?.counters ?? noCalls };
  }

  protected send<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options: CallOptions | undefined): Promise<Res> {
    this.#client ??= new RpcClient(this.#init.manager, this.#init);
    return this.#client.call(method, request, options);
  }

  protected sendEvent(topic: string, bytes: Uint8Array, options: PublishOptions): Promise<void> {
    const { manager, callTimeoutMs } = this.#init;
    const publisher = options.confirm === true
      ? (this.#confirmingPublisher ??= new EventPublisher(manager, true, this.#waitingPublishes, callTimeoutMs))
      : (this.#publisher ??= new EventPublisher(manager, false, this.#waitingPublishes, callTimeoutMs));
    return publisher.publish(topic, bytes, options);
  }

  protected startServer<D extends ServiceDefinition>(server: RpcServer<D, AmqpDelivery>, deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new AmqpServerChannel(this.#init.manager, server).ready(deadline, signal);
  }

  protected startSubscription(subscription: EventSubscription<AmqpEventDelivery>, deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new AmqpSubscriptionChannel(this.#init.manager, subscription).ready(deadline, signal);
  }

  /**
   * A passive declaration on a channel of its own (the broker closes a
   * channel whose passive declaration finds no queue, so the bus's channels
   * are never at risk).
   */
  protected async inspectQueue(queue: string): Promise<QueueStatus | undefined> {
    const model = this.#init.manager.model;
    if (model === undefined || this.#init.manager.state !== "ready") throw new ConnectionLostError(`queue ${queue}: no connection to the broker`);
    const channel = await model.createChannel();
    // A missing queue closes this channel with 404: the declaration's rejection below reports it.
    channel.on("error", (error: unknown) => this.logger.debug({ queue, error }, "queue status: the broker closed the channel"));
    try {
      const ok = await channel.checkQueue(queue);
      return { queue: ok.queue, messages: ok.messageCount, consumers: ok.consumerCount };
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw error;
    } finally {
      // Already closed by the broker after a 404: nothing left to release.
      await channel.close().catch((error: unknown) => this.logger.debug({ queue, error }, "queue status: channel already closed"));
    }
  }

  protected async closeTransport(): Promise<void> {
    await Promise.all([this.#client?.close(), this.#publisher?.close(), this.#confirmingPublisher?.close()]);
    await this.#init.manager.close();
  }
}
