import { BusClosedError, ConnectionLostError } from "../errors.js";
import type { EventDelivery, EventSubscription, SubscriptionTransport } from "../events/subscription.js";
import type { Logger } from "../logger.js";
import type { BrokerConnection } from "./memory-broker.js";
import type { MemoryChannelUser, MemoryConnection } from "./memory-connection.js";
import type { Consumer, Delivery, MemoryQueue } from "./memory-queue.js";

/** An event as the memory broker delivered it: only its consumer can ack it. */
export interface MemoryEventDelivery extends EventDelivery {
  readonly delivery: Delivery;
}

/**
 * A subscription's queue on the memory broker, as AmqpSubscriptionChannel's
 * on RabbitMQ: exclusive and server-named, bound to `koinos.event` with the
 * pattern, consumed with the subscription's prefetch and manual acks; it
 * goes with the connection (and the events waiting in it), and a new one
 * is declared on the next.
 */
export class MemorySubscriptionChannel implements MemoryChannelUser, SubscriptionTransport<MemoryEventDelivery> {
  #queue: MemoryQueue | undefined;
  #queueName = "";
  #consumer: Consumer | undefined;
  #cancelled = false;

  constructor(
    private readonly connection: MemoryConnection,
    private readonly subscription: EventSubscription<MemoryEventDelivery>,
    private readonly logger: Logger,
  ) {
    subscription.attach(this);
    connection.add(this);
  }

  get queue(): string {
    return this.#queueName;
  }

  /** Resolves once the queue is bound: at once while the bus is connected, else when it is again (bounded). */
  ready(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const pattern = this.subscription.pattern;
    const unreachable = () => new ConnectionLostError(`subscribe ${pattern}: the broker was not reachable in time to bind a queue`);
    const aborted = (reason: unknown) => new BusClosedError(`subscribe ${pattern}: aborted before the queue was bound`, { cause: reason });
    return this.connection.waitReady(deadline, signal, unreachable, aborted);
  }

  setup(connection: BrokerConnection): void {
    if (this.#cancelled) return;
    const queue = connection.declareSubscriptionQueue(this.subscription.pattern);
    this.#consumer = connection.consume(queue, {
      prefetch: this.subscription.prefetch,
      autoAck: false,
      onDelivery: (delivery) => this.#onDelivery(delivery),
      onError: (error) => this.logger.error({ err: error, pattern: this.subscription.pattern }, "internal error while taking an event"),
    });
    this.#queue = queue;
    this.#queueName = queue.name;
  }

  lost(): void {
    this.#queue = undefined;
    this.#consumer = undefined;
    this.subscription.lost();
  }

  failed(error: Error): void {
    this.#queue = undefined;
    this.#consumer = undefined;
    this.subscription.failed(error);
  }

  ack({ delivery }: MemoryEventDelivery): void {
    delivery.consumer.ack(delivery);
  }

  cancel(): Promise<void> {
    this.#cancelled = true;
    this.#consumer?.cancel();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#cancelled = true;
    const queue = this.#queue;
    this.#queue = undefined;
    this.#consumer = undefined;
    if (queue !== undefined) this.connection.current?.deleteQueue(queue);
    this.connection.remove(this);
    return Promise.resolve();
  }

  #onDelivery(delivery: Delivery): void {
    const { message } = delivery;
    // A copy per delivery: every subscription gets bytes of its own, as from RabbitMQ.
    const event = { topic: message.routingKey, bytes: new Uint8Array(message.content), redelivered: message.redelivered };
    this.subscription.deliver({ event, delivery });
  }
}
