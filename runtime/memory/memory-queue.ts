import { Fifo } from "../util/fifo.js";
import type { DeliveryScheduler, Dispatchable } from "./delivery-scheduler.js";

/** The AMQP properties the memory broker carries, as RabbitMQ hands them to consumers (undefined: not set). */
export interface MessageProperties {
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
  readonly correlationId?: string | undefined;
  readonly replyTo?: string | undefined;
  readonly contentType?: string | undefined;
  readonly expiration?: string | undefined;
}

/** A message in a queue of the memory broker. */
export interface QueuedMessage {
  /** The routing key it was published with: the topic of an event. */
  readonly routingKey: string;
  readonly content: Uint8Array;
  readonly properties: MessageProperties;
  /** When it dies in the queue (ms since the epoch, from `expiration` counted from its arrival there), or `Infinity`. */
  readonly expiresAt: number;
  /** Delivered before, and given back (a nack, or a consumer that went away holding it). */
  redelivered: boolean;
}

/** A message handed to a consumer; only that consumer can settle it. */
export interface Delivery {
  readonly message: QueuedMessage;
  readonly consumer: Consumer;
  readonly tag: number;
}

/** How a consumer takes deliveries. */
export interface ConsumerOptions {
  /** Unacknowledged deliveries it may hold; 0 for no limit. */
  readonly prefetch: number;
  /** Deliveries count as acknowledged when made (the reply queues' consumers). */
  readonly autoAck: boolean;
  readonly onDelivery: (delivery: Delivery) => void;
  /** `onDelivery` threw, which it must not: a bug of the runtime to report. */
  readonly onError: (error: unknown) => void;
}

/**
 * A consumer of a memory queue, as a consumer on an AMQP channel: it holds
 * up to `prefetch` unacknowledged deliveries; cancelling stops deliveries
 * but leaves those it holds to settle; closing (its channel or connection
 * went) gives them back to the queue, marked redelivered.
 */
export class Consumer {
  readonly #unacked = new Map<number, QueuedMessage>();
  #nextTag = 0;
  #active = true;
  #open = true;

  constructor(
    readonly queue: MemoryQueue,
    private readonly options: ConsumerOptions,
  ) {}

  /** False once closed: settling its deliveries then does nothing (the queue has them back). */
  get open(): boolean {
    return this.#open;
  }

  get unacknowledged(): number {
    return this.#unacked.size;
  }

  /** Consuming, with room under its prefetch. */
  get ready(): boolean {
    return this.#active && (this.options.prefetch === 0 || this.#unacked.size < this.options.prefetch);
  }

  /** Called by the queue with the next message. */
  deliver(message: QueuedMessage): void {
    const tag = ++this.#nextTag;
    if (!this.options.autoAck) this.#unacked.set(tag, message);
    try {
      this.options.onDelivery({ message, consumer: this, tag });
    } catch (error) {
      this.options.onError(error);
    }
  }

  ack(delivery: Delivery): void {
    if (this.#unacked.delete(delivery.tag)) this.queue.wake();
  }

  /** Gives a delivery back to the queue, first in line; false if it was settled or its consumer closed. */
  requeue(delivery: Delivery): boolean {
    if (!this.#unacked.delete(delivery.tag)) return false;
    this.queue.giveBack([delivery.message]);
    return true;
  }

  /** Stops deliveries; what it holds stays held until acked, requeued or closed. */
  cancel(): void {
    if (!this.#active) return;
    this.#active = false;
    this.queue.removeConsumer(this);
  }

  /** Its channel went: everything it holds goes back to the queue, in order. */
  close(): void {
    if (!this.#open) return;
    this.cancel();
    this.#open = false;
    const held = [...this.#unacked.values()];
    this.#unacked.clear();
    if (held.length > 0) this.queue.giveBack(held);
  }
}

/**
 * A queue of the memory broker, as RabbitMQ runs one: messages in order,
 * each to one consumer, round-robin among the consumers that have room
 * under their prefetch; a message whose expiration passed while it waited
 * is dropped, never delivered; messages given back go first in line,
 * marked redelivered, with their expiration unchanged.
 */
export class MemoryQueue implements Dispatchable {
  readonly #messages = new Fifo<QueuedMessage>();
  readonly #consumers: Consumer[] = [];
  #next = 0;
  #deleted = false;

  constructor(
    readonly name: string,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  get deleted(): boolean {
    return this.#deleted;
  }

  get consumers(): number {
    return this.#consumers.length;
  }

  /** Messages waiting for a consumer (those already expired are dropped first, as RabbitMQ drops them at the head). */
  get messages(): number {
    this.#dropExpired(Date.now());
    return this.#messages.length;
  }

  /** Deliveries made and not yet acknowledged, over every consumer. */
  get unacknowledged(): number {
    return this.#consumers.reduce((sum, c) => sum + c.unacknowledged, 0);
  }

  enqueue(message: QueuedMessage): void {
    if (this.#deleted) return;
    this.#messages.push(message);
    if (this.#consumers.length > 0) this.scheduler.schedule(this);
    // Nobody consumes: what expired at the head goes now, as RabbitMQ drops it, rather than piling up.
    else this.#dropExpired(Date.now());
  }

  consume(options: ConsumerOptions): Consumer {
    const consumer = new Consumer(this, options);
    this.#consumers.push(consumer);
    this.wake();
    return consumer;
  }

  /** There may be deliveries to make (a consumer has room again, or came). */
  wake(): void {
    if (!this.#deleted && this.#messages.length > 0) this.scheduler.schedule(this);
  }

  removeConsumer(consumer: Consumer): void {
    const at = this.#consumers.indexOf(consumer);
    if (at < 0) return;
    this.#consumers.splice(at, 1);
    if (this.#next > at) this.#next--;
  }

  /** Messages a consumer held come back first in line, marked redelivered. */
  giveBack(messages: readonly QueuedMessage[]): void {
    if (this.#deleted) return;
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i] as QueuedMessage;
      message.redelivered = true;
      this.#messages.unshift(message);
    }
    this.wake();
  }

  /** Drops the messages and the consumers (what they held goes with the queue). */
  delete(): void {
    if (this.#deleted) return;
    this.#deleted = true;
    this.#messages.drain();
    for (const consumer of [...this.#consumers]) consumer.close();
  }

  dispatch(): void {
    const now = Date.now();
    while (!this.#deleted && this.#messages.length > 0) {
      const consumer = this.#nextReady();
      if (consumer === undefined) return;
      this.#dropExpired(now);
      const message = this.#messages.shift();
      if (message === undefined) return;
      consumer.deliver(message);
    }
  }

  #dropExpired(now: number): void {
    for (let head = this.#messages.peek(); head !== undefined && head.expiresAt <= now; head = this.#messages.peek()) this.#messages.shift();
  }

  /** The next consumer in turn with room under its prefetch; it takes the next message and goes to the back of the line. */
  #nextReady(): Consumer | undefined {
    const count = this.#consumers.length;
    for (let i = 0; i < count; i++) {
      const at = (this.#next + i) % count;
      const consumer = this.#consumers[at] as Consumer;
      if (consumer.ready) {
        this.#next = (at + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }
}
