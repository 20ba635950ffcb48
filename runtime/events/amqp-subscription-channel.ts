import type { Channel, ConsumeMessage } from "amqplib";
import { AckBatcher } from "../amqp/ack-batcher.js";
import { cancelConsumer } from "../amqp/cancel-consumer.js";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ChannelUser, ManagedChannel } from "../connection/managed-channel.js";
import { BusClosedError, ConnectionLostError } from "../errors.js";
import { EVENT_EXCHANGE, EXCHANGE_OPTIONS, PRIVATE_QUEUE_OPTIONS } from "../topology.js";
import { plainBytes } from "../wire/bytes.js";
import { headerDepthProblem, measureHeaders } from "../wire/header-size.js";
import type { EventDelivery, EventSubscription, SubscriptionTransport } from "./subscription.js";

/** An event as it came on a channel: only that channel can ack it. */
export interface AmqpEventDelivery extends EventDelivery {
  readonly message: ConsumeMessage;
  readonly channel: Channel;
  /** The acks of that channel. */
  readonly acks: AckBatcher;
}

/**
 * A subscription's channel on RabbitMQ: one exclusive, server-named,
 * auto-delete queue bound to `koinos.event` with the pattern, declared
 * again (under a new name) on every connection, consumed with manual ack.
 */
export class AmqpSubscriptionChannel implements ChannelUser, SubscriptionTransport<AmqpEventDelivery> {
  readonly name: string;
  readonly #channel: ManagedChannel;
  #queue = "";
  #consumerTag: string | undefined;
  #acks: AckBatcher | undefined;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly subscription: EventSubscription<AmqpEventDelivery>,
  ) {
    this.name = `subscription ${subscription.pattern}`;
    subscription.attach(this);
    this.#channel = manager.channel(this);
  }

  get queue(): string {
    return this.#queue;
  }

  /** Resolves once the queue is bound and consumed (see ManagedChannel.waitFirstSetup). */
  ready(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const pattern = this.subscription.pattern;
    const unreachable = () => new ConnectionLostError(`subscribe ${pattern}: the broker was not reachable in time to bind a queue`);
    const aborted = (reason: unknown) => new BusClosedError(`subscribe ${pattern}: aborted before the queue was bound`, { cause: reason });
    return this.#channel.waitFirstSetup(deadline, signal, unreachable, aborted);
  }

  async setup(channel: Channel): Promise<void> {
    await channel.prefetch(this.subscription.prefetch);
    await channel.assertExchange(EVENT_EXCHANGE, "topic", EXCHANGE_OPTIONS);
    const { queue } = await channel.assertQueue("", PRIVATE_QUEUE_OPTIONS);
    await channel.bindQueue(queue, EVENT_EXCHANGE, this.subscription.pattern);
    const acks = new AckBatcher(channel, (error) => this.manager.logger.debug({ err: error, pattern: this.subscription.pattern }, "could not ack an event: the channel is gone, and its queue with it"));
    this.#acks = acks;
    const { consumerTag } = await channel.consume(queue, (message) => this.#onDelivery(channel, acks, message), { noAck: false });
    this.#queue = queue;
    this.#consumerTag = consumerTag;
  }

  lost(): void {
    this.#consumerTag = undefined;
    this.subscription.lost();
  }

  failed(error: Error): void {
    this.#consumerTag = undefined;
    this.subscription.failed(error);
  }

  cancel(): Promise<void> {
    const tag = this.#consumerTag;
    this.#consumerTag = undefined;
    return cancelConsumer(this.#channel.current, tag, (error) => this.manager.logger.debug({ err: error, pattern: this.subscription.pattern }, "consumer already gone"));
  }

  async close(): Promise<void> {
    this.#acks?.flush();
    const channel = this.#channel.current;
    if (channel !== undefined && this.#queue !== "") {
      try {
        await channel.deleteQueue(this.#queue);
      } catch (error) {
        // Exclusive and auto-delete: it goes with the channel's connection anyway.
        this.manager.logger.debug({ err: error, queue: this.#queue }, "subscription queue already gone");
      }
    }
    await this.#channel.close();
  }

  /** Acks go in batches, once per event loop turn (see AckBatcher). */
  ack({ message, channel, acks }: AmqpEventDelivery): void {
    if (this.#channel.owns(channel)) acks.done(message); // else the channel died: the exclusive queue went with it
  }

  #onDelivery(channel: Channel, acks: AckBatcher, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (the queue was deleted): declare, bind and consume again.
      this.#channel.restart(`the broker cancelled the consumer of ${this.subscription.pattern}`);
      return;
    }
    const event = { topic: message.fields.routingKey, bytes: plainBytes(message.content), redelivered: message.fields.redelivered };
    acks.received(message);
    const tooDeep = headerDepthProblem(measureHeaders(message.properties.headers));
    this.subscription.deliver(tooDeep === undefined ? { event, message, channel, acks } : { event, message, channel, acks, problem: `the event's ${tooDeep}` });
  }
}
