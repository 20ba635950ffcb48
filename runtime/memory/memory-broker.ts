import { randomBytes } from "node:crypto";
import { topicMatcher } from "../events/topic-pattern.js";
import { DeliveryScheduler } from "./delivery-scheduler.js";
import { MemoryQueue, type Consumer, type ConsumerOptions, type MessageProperties, type QueuedMessage } from "./memory-queue.js";

/** What a queue of a memory broker holds now. */
export interface MemoryQueueInfo {
  /** Messages waiting for a consumer (those whose expiration passed are gone, as on RabbitMQ). */
  readonly messages: number;
  readonly consumers: number;
  /** Delivered to a consumer and not yet acknowledged. */
  readonly unacknowledged: number;
}

/**
 * The broker behind memory buses: what RabbitMQ is to buses from
 * `connect()`. Buses created with the same broker see each other's
 * services and events, as processes on one RabbitMQ do; a bus created
 * without one gets a broker of its own (`bus.broker`).
 */
export interface MemoryBroker {
  /** Shown in the `url` of the buses' `connected` events: `memory://<name>`. */
  readonly name: string;
  /**
   * What a queue holds now, or undefined if there is no such queue: a
   * service queue (`koinos.rpc.chain`, declared by the first `serve()` and
   * kept after its servers stop) or a subscription's (`subscription.queue`).
   */
  queue(name: string): MemoryQueueInfo | undefined;
}

let brokers = 0;

/** A broker for several memory buses to share (see `createMemoryBus({ broker })`). */
export function createMemoryBroker(options: { readonly name?: string } = {}): MemoryBroker {
  return new Broker(options.name ?? `memory-${++brokers}`);
}

/**
 * The memory broker: the direct exchange `koinos.rpc` (service queues
 * bound under their own name, reply queues under theirs), the topic
 * exchange `koinos.event` (one exclusive queue per subscription, bound with
 * its pattern as RabbitMQ matches it), queues (see MemoryQueue), and the
 * connections that own consumers and exclusive queues.
 */
export class Broker implements MemoryBroker {
  readonly scheduler = new DeliveryScheduler();
  readonly #queues = new Map<string, MemoryQueue>();
  /** Bindings of `koinos.rpc`: every queue bound under a key gets its own copy. */
  readonly #direct = new Map<string, MemoryQueue[]>();
  /** Bindings of `koinos.event`. */
  readonly #topic = new Map<MemoryQueue, (topic: string) => boolean>();

  constructor(readonly name: string) {}

  queue(name: string): MemoryQueueInfo | undefined {
    const queue = this.#queues.get(name);
    return queue === undefined ? undefined : { messages: queue.messages, consumers: queue.consumers, unacknowledged: queue.unacknowledged };
  }

  /** A new connection: what a bus holds on the broker until it disconnects. */
  connect(): BrokerConnection {
    return new BrokerConnection(this);
  }

  /** A durable, shared queue bound to `koinos.rpc` under its name; the same one again if it exists. */
  declareServiceQueue(name: string): MemoryQueue {
    const existing = this.#queues.get(name);
    if (existing !== undefined) return existing;
    const queue = this.#add(name);
    this.#bindDirect(queue, name);
    return queue;
  }

  /** A server-named queue bound to `koinos.rpc` under its name (a reply queue; its connection owns it). */
  declareReplyQueue(): MemoryQueue {
    const queue = this.#add(serverName());
    this.#bindDirect(queue, queue.name);
    return queue;
  }

  /** A server-named queue bound to `koinos.event` with `pattern` (a subscription's; its connection owns it). */
  declareSubscriptionQueue(pattern: string): MemoryQueue {
    const queue = this.#add(serverName());
    this.#topic.set(queue, topicMatcher(pattern));
    return queue;
  }

  deleteQueue(queue: MemoryQueue): void {
    if (this.#queues.get(queue.name) !== queue) return;
    this.#queues.delete(queue.name);
    this.#topic.delete(queue);
    for (const [key, bound] of this.#direct) {
      const rest = bound.filter((q) => q !== queue);
      if (rest.length === 0) this.#direct.delete(key);
      else if (rest.length !== bound.length) this.#direct.set(key, rest);
    }
    queue.delete();
  }

  /** Publishes to `koinos.rpc`: a copy to every queue bound under `routingKey`; false if there is none (unroutable). */
  publishDirect(routingKey: string, content: Uint8Array, properties: MessageProperties): boolean {
    const bound = this.#direct.get(routingKey);
    if (bound === undefined) return false;
    const now = Date.now();
    for (const queue of bound) queue.enqueue(queued(routingKey, content, properties, now));
    return true;
  }

  /** Publishes to `koinos.event`: a copy to every subscription queue whose pattern matches; lost if none does. */
  publishTopic(topic: string, content: Uint8Array, properties: MessageProperties): void {
    const now = Date.now();
    for (const [queue, matches] of this.#topic) if (matches(topic)) queue.enqueue(queued(topic, content, properties, now));
  }

  #add(name: string): MemoryQueue {
    const queue = new MemoryQueue(name, this.scheduler);
    this.#queues.set(name, queue);
    return queue;
  }

  #bindDirect(queue: MemoryQueue, key: string): void {
    this.#direct.set(key, [...(this.#direct.get(key) ?? []), queue]);
  }
}

/**
 * A bus's connection to the memory broker, as an AMQP connection is to
 * RabbitMQ: it owns its consumers and its exclusive queues, and closing it
 * (a lost connection, or the bus closing) gives every message its consumers
 * held back to its queue, marked redelivered, and deletes its exclusive
 * queues with what waits in them.
 */
export class BrokerConnection {
  readonly #consumers = new Set<Consumer>();
  readonly #queues = new Set<MemoryQueue>();
  #open = true;

  constructor(readonly broker: Broker) {}

  get open(): boolean {
    return this.#open;
  }

  declareServiceQueue(name: string): MemoryQueue {
    return this.broker.declareServiceQueue(name);
  }

  declareReplyQueue(): MemoryQueue {
    return this.#own(this.broker.declareReplyQueue());
  }

  declareSubscriptionQueue(pattern: string): MemoryQueue {
    return this.#own(this.broker.declareSubscriptionQueue(pattern));
  }

  consume(queue: MemoryQueue, options: ConsumerOptions): Consumer {
    const consumer = queue.consume(options);
    this.#consumers.add(consumer);
    return consumer;
  }

  /** Closes a consumer of this connection (its channel closed): what it held goes back to its queue. */
  closeConsumer(consumer: Consumer): void {
    this.#consumers.delete(consumer);
    consumer.close();
  }

  deleteQueue(queue: MemoryQueue): void {
    this.#queues.delete(queue);
    this.broker.deleteQueue(queue);
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    for (const consumer of this.#consumers) consumer.close();
    this.#consumers.clear();
    for (const queue of this.#queues) this.broker.deleteQueue(queue);
    this.#queues.clear();
  }

  #own(queue: MemoryQueue): MemoryQueue {
    this.#queues.add(queue);
    return queue;
  }
}

/** A name as RabbitMQ gives server-named queues: `amq.gen-` and 22 random characters. */
function serverName(): string {
  return `amq.gen-${randomBytes(16).toString("base64url")}`;
}

function queued(routingKey: string, content: Uint8Array, properties: MessageProperties, now: number): QueuedMessage {
  const ttl = properties.expiration === undefined ? Number.NaN : Number(properties.expiration);
  return { routingKey, content, properties, expiresAt: Number.isFinite(ttl) ? now + ttl : Infinity, redelivered: false };
}
