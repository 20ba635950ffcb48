import type { Channel, ConsumeMessage } from "amqplib";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { EVENT_EXCHANGE, EXCHANGE_OPTIONS, PRIVATE_QUEUE_OPTIONS } from "../topology.js";
import { drain } from "../util/drain.js";
import { WorkQueue } from "../util/work-queue.js";
import { plainBytes } from "../wire/bytes.js";

/** Options of `bus.subscribe()`, `bus.subscribeRaw()` and `bus.events()`. */
export interface SubscribeOptions {
  /** Events handled at once. Default 1: one after the other, in the order published. */
  readonly concurrency?: number;
  /** Events the broker may push ahead of the handler. Default 64. */
  readonly prefetch?: number;
  /** How long `unsubscribe()` or `bus.close()` waits for running handlers. Default 10000 ms. */
  readonly drainTimeoutMs?: number;
  /**
   * Called for an event this subscription cannot handle: a topic its map does
   * not know, a body that does not decode, a handler that threw. The
   * subscription goes on. Default: log it and emit the bus's `event-error`.
   */
  readonly onError?: (error: EventError) => void;
}

/** An event a subscription could not handle. */
export interface EventError {
  readonly topic: string;
  readonly bytes: Uint8Array;
  readonly reason: string;
  readonly error?: unknown;
}

/** An event as received, undecoded. */
export interface RawEvent {
  readonly topic: string;
  readonly bytes: Uint8Array;
  readonly redelivered: boolean;
}

/** A live subscription, from `bus.subscribe()`. */
export interface Subscription {
  /** The binding pattern on `koinos.event`. */
  readonly pattern: string;
  /** The server-named queue now bound (it changes when the connection is recovered). */
  readonly queue: string;
  readonly counters: Readonly<SubscriptionCounters>;
  /** Stops consuming, lets running handlers finish, and deletes the queue. */
  unsubscribe(): Promise<void>;
}

export interface SubscriptionCounters {
  handled: number;
  errors: number;
}

interface Delivery {
  readonly message: ConsumeMessage;
  readonly channel: Channel;
}

/**
 * One exclusive, server-named, auto-delete queue bound to `koinos.event`
 * with a pattern, consumed with manual ack: each event is acked once its
 * handler settled, never requeued. The queue is declared again, under a
 * new name, on every connection.
 */
export class EventSubscription implements Subscription {
  readonly name: string;
  readonly counters: SubscriptionCounters = { handled: 0, errors: 0 };
  readonly #channel: ManagedChannel;
  readonly #work: WorkQueue<Delivery>;
  readonly #prefetch: number;
  readonly #drainTimeoutMs: number;
  #queue = "";
  #consumerTag: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    manager: ConnectionManager,
    readonly pattern: string,
    /** The handler: a promise (awaited before the ack) or any other value (the event is done). */
    private readonly handle: (event: RawEvent) => unknown,
    private readonly onError: (error: EventError) => void,
    options: SubscribeOptions,
    /** Called once unsubscribed, so the owner can forget it. */
    private readonly onClosed: () => void,
  ) {
    if (pattern === "" || pattern.split(".").some((w) => w === "")) throw new TypeError(`subscribe: "${pattern}" is not a topic pattern`);
    this.name = `subscription ${pattern}`;
    this.#prefetch = options.prefetch ?? 64;
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.#work = new WorkQueue(options.concurrency ?? 1, (delivery) => this.#run(delivery));
    this.#channel = manager.channel(this, { maxWaiting: 1 });
  }

  get queue(): string {
    return this.#queue;
  }

  /** Resolves once the queue is bound and consumed. */
  ready(): Promise<void> {
    return this.#channel.firstSetup;
  }

  async setup(channel: Channel): Promise<void> {
    await channel.prefetch(this.#prefetch);
    await channel.assertExchange(EVENT_EXCHANGE, "topic", EXCHANGE_OPTIONS);
    const { queue } = await channel.assertQueue("", PRIVATE_QUEUE_OPTIONS);
    await channel.bindQueue(queue, EVENT_EXCHANGE, this.pattern);
    const { consumerTag } = await channel.consume(queue, (message) => this.#onDelivery(channel, message), { noAck: false });
    this.#queue = queue;
    this.#consumerTag = consumerTag;
  }

  /** The exclusive queue went with its channel; events not yet handled went with it. */
  lost(): void {
    this.#consumerTag = undefined;
    this.#work.clear();
  }

  unsubscribe(): Promise<void> {
    this.#closing ??= this.#unsubscribe();
    return this.#closing;
  }

  async #unsubscribe(): Promise<void> {
    const channel = this.#channel.current;
    const tag = this.#consumerTag;
    if (channel !== undefined && tag !== undefined) await channel.cancel(tag).catch(() => undefined);
    await drain(this.#work, this.#drainTimeoutMs, () => undefined);
    if (channel !== undefined && this.#queue !== "") await channel.deleteQueue(this.#queue).catch(() => undefined);
    await this.#channel.close();
    this.onClosed();
  }

  #onDelivery(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (the queue was deleted): declare, bind and consume again.
      this.#channel.restart(`the broker cancelled the consumer of ${this.pattern}`);
      return;
    }
    this.#work.push({ message, channel });
  }

  /** Handles one event and acks it; synchronously when the handler is synchronous. */
  #run(delivery: Delivery): Promise<void> | undefined {
    const message = delivery.message;
    const event = { topic: message.fields.routingKey, bytes: plainBytes(message.content), redelivered: message.fields.redelivered };
    let result: unknown;
    try {
      result = this.handle(event);
    } catch (error) {
      this.#failed(event, error);
      this.#ack(delivery);
      return undefined;
    }
    if (result instanceof Promise) {
      return result.then(
        () => this.#handled(delivery),
        (error: unknown) => {
          this.#failed(event, error);
          this.#ack(delivery);
        },
      );
    }
    this.#handled(delivery);
    return undefined;
  }

  #handled(delivery: Delivery): void {
    this.counters.handled++;
    this.#ack(delivery);
  }

  #failed(event: RawEvent, error: unknown): void {
    this.counters.errors++;
    const reason = error instanceof EventDecodeError ? error.message : `the handler threw: ${error instanceof Error ? error.message : String(error)}`;
    this.onError({ topic: event.topic, bytes: event.bytes, reason, error });
  }

  #ack({ message, channel }: Delivery): void {
    if (this.#channel.owns(channel)) channel.ack(message);
  }
}

/** A delivery the subscription's event map cannot route or decode. */
export class EventDecodeError extends Error {}
