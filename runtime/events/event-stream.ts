import type { Subscription } from "./subscription.js";

/**
 * Events as an async iterable, for `for await (const event of stream)`.
 * At most `bufferSize` events wait here; past that the subscription's
 * handler waits too, so its events stay unacknowledged and the broker holds
 * the rest (within the prefetch). Leaving the loop unsubscribes. When the
 * subscription ends on its own, the loop ends after the buffered events:
 * normally after `bus.close()`, by throwing the cause when the bus gave up
 * reconnecting.
 */
export class EventStream<E> implements AsyncIterableIterator<E> {
  readonly #buffer: { event: E; taken: () => void }[] = [];
  readonly #readers: { resolve: (result: IteratorResult<E>) => void; reject: (error: unknown) => void }[] = [];
  #subscription: Subscription | undefined;
  #done = false;
  /** Why the subscription ended, thrown to the loop once the buffer is empty. */
  #failure: { error: unknown } | undefined;

  constructor(private readonly bufferSize: number) {}

  /** Set once subscribed; the stream ends with the subscription. */
  attach(subscription: Subscription): void {
    this.#subscription = subscription;
    subscription.ended.then(
      () => this.#end(undefined),
      (error: unknown) => this.#end({ error }),
    );
  }

  /** The subscription, if this stream is already subscribed. */
  get subscription(): Subscription | undefined {
    return this.#subscription;
  }

  /** Events waiting to be read. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** The subscription's handler: resolves when there is room, or once the event is taken. */
  push(event: E): Promise<void> {
    if (this.#done) return Promise.resolve();
    const reader = this.#readers.shift();
    if (reader !== undefined) {
      reader.resolve({ value: event, done: false });
      return Promise.resolve();
    }
    return new Promise((taken) => {
      this.#buffer.push({ event, taken });
      if (this.#buffer.length <= this.bufferSize) taken();
    });
  }

  next(): Promise<IteratorResult<E>> {
    const item = this.#buffer.shift();
    if (item !== undefined) {
      item.taken();
      // The first event past the buffer's size may now wait in the buffer.
      this.#buffer[this.bufferSize - 1]?.taken();
      return Promise.resolve({ value: item.event, done: false });
    }
    if (this.#failure !== undefined) {
      const { error } = this.#failure;
      this.#failure = undefined;
      return Promise.reject(error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<E>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Ends the stream and unsubscribes; buffered events are dropped (they were acked already or will not be). */
  async close(): Promise<void> {
    if (!this.#done) {
      this.#done = true;
      this.#failure = undefined;
      for (const item of this.#buffer.splice(0)) item.taken();
      for (const reader of this.#readers.splice(0)) reader.resolve({ value: undefined, done: true });
    }
    await this.#subscription?.unsubscribe();
  }

  /** The subscription ended: readers waiting now get the end (or the failure); buffered events are still read first. */
  #end(failure: { error: unknown } | undefined): void {
    if (this.#done) return;
    this.#done = true;
    for (const item of this.#buffer) item.taken();
    const readers = this.#readers.splice(0);
    if (failure !== undefined && readers.length === 0) this.#failure = failure;
    for (const reader of readers) {
      if (failure === undefined) reader.resolve({ value: undefined, done: true });
      else reader.reject(failure.error);
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
