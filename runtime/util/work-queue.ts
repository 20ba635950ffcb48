/**
 * Runs queued items with at most `concurrency` at once, in arrival order.
 * Servers and subscriptions feed it deliveries; its length is bounded by the
 * channel's prefetch, since unacknowledged deliveries are all the broker sends.
 */
export class WorkQueue<T> {
  readonly #waiting: T[] = [];
  #active = 0;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly run: (item: T) => Promise<void> | undefined,
  ) {
    if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, not ${concurrency}`);
  }

  /** Items running or waiting. */
  get size(): number {
    return this.#active + this.#waiting.length;
  }

  push(item: T): void {
    this.#waiting.push(item);
    this.#pump();
  }

  /** Drops the items that have not started. */
  clear(): void {
    this.#waiting.length = 0;
  }

  /** Starts nothing more, and drops what waits. */
  stop(): void {
    this.#stopped = true;
    this.clear();
  }

  /** Resolves when nothing runs. */
  idle(): Promise<void> {
    if (this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (!this.#stopped && this.#active < this.concurrency && this.#waiting.length > 0) {
      const item = this.#waiting.shift() as T;
      let running: Promise<void> | undefined;
      try {
        running = this.run(item);
      } catch {
        // `run` reports its own failures.
      }
      // Items that finished synchronously take no slot and no promise.
      if (running === undefined) continue;
      this.#active++;
      // `run` reports its own failures; a rejection here must not go unhandled.
      running.then(this.#settled, this.#settled);
    }
  }

  readonly #settled = (): void => {
    this.#active--;
    if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
    this.#pump();
  };
}
