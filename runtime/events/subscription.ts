import { InvalidArgumentError } from "../errors.js";
import type { Logger } from "../logger.js";
import { countOption, msOption } from "../options-check.js";
import { drain } from "../util/drain.js";
import { WorkQueue } from "../util/work-queue.js";
import { patternProblem } from "./topic-pattern.js";

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
   * not know, a body that does not decode, a handler that threw. The event is
   * acknowledged and the subscription goes on. If this hook throws, that is
   * reported through the bus's `event-error` too. Default: log it and emit
   * the bus's `event-error`.
   */
  readonly onError?: (error: EventError) => void;
  /**
   * How long subscribing may wait for the queue to be bound, e.g. while the
   * broker is away; then it rejects with ConnectionLostError. Default: no
   * limit (it still rejects at once when the bus closes or gives up).
   */
  readonly readyTimeoutMs?: number;
  /** Aborts waiting for the queue to be bound; after subscribing resolved it does nothing (use `unsubscribe()`). */
  readonly signal?: AbortSignal;
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
  /**
   * Settles when the subscription ends: resolves after `unsubscribe()` or
   * `bus.close()`, rejects with the cause when the bus gave up reconnecting.
   */
  readonly ended: Promise<void>;
  /** Stops consuming, lets running handlers finish, and deletes the queue. */
  unsubscribe(): Promise<void>;
}

export interface SubscriptionCounters {
  handled: number;
  /** Events not handled: unknown topic, undecodable body, a handler that threw. */
  errors: number;
}

/** An event a subscription took from its queue. */
export interface EventDelivery {
  readonly event: RawEvent;
  /** Why it cannot be handled, when its transport found out (headers nested too deep): it counts as an error. */
  readonly problem?: string;
}

/** How a subscription's events come and go: a RabbitMQ channel, or a queue of the memory bus. */
export interface SubscriptionTransport<T extends EventDelivery> {
  /** The queue now bound (a new one after a reconnect). */
  readonly queue: string;
  /** Acknowledges a handled event. */
  ack(delivery: T): void;
  /** Stops the flow of events; resolves once no more will come. */
  cancel(): Promise<void>;
  /** Deletes the queue and releases the consumer. */
  close(): Promise<void>;
}

/** What a subscription needs besides its pattern and handler. */
export interface SubscriptionInit {
  readonly logger: Logger;
  /** The user's hook, or the default report. */
  readonly onError: (error: EventError) => void;
  /** The bus's own report (log and `event-error`), for what the user's hook cannot take. */
  readonly report: (error: EventError) => void;
  /** Called once the subscription ended, so the owner can forget it. */
  readonly onClosed: () => void;
}

/**
 * One subscription over any transport: its own queue bound with a pattern,
 * each event acked once its handler settled, whatever the handler and the
 * error hooks do, and never requeued. `stopIntake()` then `unsubscribe()`
 * stop it in two phases, as servers stop.
 */
export class EventSubscription<T extends EventDelivery = EventDelivery> implements Subscription {
  readonly counters: SubscriptionCounters = { handled: 0, errors: 0 };
  readonly ended: Promise<void>;
  readonly prefetch: number;
  readonly #work: WorkQueue<T>;
  readonly #drainTimeoutMs: number;
  #transport: SubscriptionTransport<T> | undefined;
  #intakeStopped: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #end: ((error?: Error) => void) | undefined;

  constructor(
    readonly pattern: string,
    /** The handler: a promise (awaited before the ack) or any other value (the event is done). */
    private readonly handle: (event: RawEvent) => unknown,
    options: SubscribeOptions,
    private readonly init: SubscriptionInit,
  ) {
    const problem = patternProblem(pattern);
    if (problem !== undefined) throw new InvalidArgumentError(`subscribe: ${problem}`);
    this.prefetch = countOption(options.prefetch, 64, 65535, `subscribe ${pattern}: prefetch`);
    this.#drainTimeoutMs = msOption(options.drainTimeoutMs, 10_000, `subscribe ${pattern}: drainTimeoutMs`);
    this.#work = new WorkQueue(countOption(options.concurrency, 1, Infinity, `subscribe ${pattern}: concurrency`), (delivery) => this.#run(delivery), (error, delivery) => this.#crashed(error, delivery));
    this.ended = new Promise<void>((resolve, reject) => {
      this.#end = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Owners that do not watch it must not see an unhandled rejection.
    this.ended.catch(() => undefined);
  }

  /** Set once, by the transport that feeds this subscription. */
  attach(transport: SubscriptionTransport<T>): void {
    this.#transport = transport;
  }

  get queue(): string {
    return this.#transport?.queue ?? "";
  }

  /** An event the transport delivered; once intake stopped it is dropped with the queue. */
  deliver(delivery: T): void {
    this.#work.push(delivery);
  }

  /** The queue went with its channel; events not yet handled went with it. */
  lost(): void {
    this.#work.takeWaiting();
  }

  /** The bus gave up reconnecting: the subscription ends with that cause. */
  failed(error: Error): void {
    this.#work.stop();
    this.#finishEnd(error);
    this.init.onClosed();
  }

  unsubscribe(): Promise<void> {
    this.#closing ??= this.stopIntake().then(() => this.#finish());
    return this.#closing;
  }

  /** First phase of unsubscribing: no more events start; those not started are dropped (the queue goes). */
  stopIntake(): Promise<void> {
    this.#intakeStopped ??= this.#stopIntake();
    return this.#intakeStopped;
  }

  async #stopIntake(): Promise<void> {
    this.#work.stop();
    await this.#transport?.cancel();
  }

  /** Second phase: running handlers finish, the queue and the consumer go. */
  async #finish(): Promise<void> {
    await drain(this.#work, this.#drainTimeoutMs, () => undefined);
    await this.#transport?.close();
    this.#finishEnd();
    this.init.onClosed();
  }

  #finishEnd(error?: Error): void {
    this.#end?.(error);
    this.#end = undefined;
  }

  /** Handles one event and acks it; synchronously when the handler is synchronous. */
  #run(delivery: T): Promise<void> | undefined {
    const event = delivery.event;
    if (delivery.problem !== undefined) {
      this.#failed(event, new EventDecodeError(delivery.problem));
      this.#transport?.ack(delivery);
      return undefined;
    }
    let result: unknown;
    try {
      result = this.handle(event);
    } catch (error) {
      this.#failed(event, error);
      this.#transport?.ack(delivery);
      return undefined;
    }
    if (result instanceof Promise) {
      return result.then(
        () => this.#handled(delivery),
        (error: unknown) => {
          this.#failed(event, error);
          this.#transport?.ack(delivery);
        },
      );
    }
    this.#handled(delivery);
    return undefined;
  }

  #handled(delivery: T): void {
    this.counters.handled++;
    this.#transport?.ack(delivery);
  }

  /** Counts an event not handled and tells the hook; a hook that throws is reported by the bus. */
  #failed(event: RawEvent, error: unknown): void {
    this.counters.errors++;
    const reason = error instanceof EventDecodeError ? error.message : `the handler threw: ${error instanceof Error ? error.message : String(error)}`;
    try {
      this.init.onError({ topic: event.topic, bytes: event.bytes, reason, error });
    } catch (hookError) {
      const hookReason = `the onError hook threw: ${hookError instanceof Error ? hookError.message : String(hookError)} (while reporting: ${reason})`;
      this.init.report({ topic: event.topic, bytes: event.bytes, reason: hookReason, error: hookError });
    }
  }

  /** A bug of ours while handling an event: report it, count it, and still ack the event. */
  #crashed(error: unknown, delivery: T): void {
    this.counters.errors++;
    const { topic, bytes } = delivery.event;
    this.init.report({ topic, bytes, reason: "internal error of the subscription's runtime", error });
    this.#transport?.ack(delivery);
  }
}

/** A delivery the subscription's event map cannot route or decode. */
export class EventDecodeError extends Error {}
