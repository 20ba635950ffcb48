import type { Subscription } from "./subscription.js";

/**
 * Events as an async iterable, for `for await (const event of stream)`.
 * At most `bufferSize` events wait here; past that the subscription's
 * handler waits too, so its events stay unacknowledged and the broker holds
 * the rest (within the prefetch). Leaving the loop unsubscribes.
 */
export class EventStream<E> implements AsyncIterableIterator<E> {
  readonly #buffer: { event: E; taken: () => void }[] = [];
  readonly #readers: ((result: IteratorResult<E>) => void)[] = [];
  #subscription: Subscription | undefined;
  #done = false;

  constructor(private readonly bufferSize: number) {}

  /** Set once subscribed. */
  attach(subscription: Subscription): void {
    this.#subscription = subscription;
  }

  /** The subscription, if this stream is already subscribed. */
  get subscription(): Subscription | undefined {
    return this.#subscription;
  }

  /** The subscription's handler: resolves when there is room, or once the event is taken. */
  push(event: E): Promise<void> {
    if (this.#done) return Promise.resolve();
    const reader = this.#readers.shift();
    if (reader !== undefined) {
      reader({ value: event, done: false });
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
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#readers.push(resolve));
  }

  async return(): Promise<IteratorResult<E>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Ends the stream and unsubscribes; buffered events are dropped (they were acked already or will not be). */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    for (const item of this.#buffer.splice(0)) item.taken();
    for (const reader of this.#readers.splice(0)) reader({ value: undefined, done: true });
    await this.#subscription?.unsubscribe();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
