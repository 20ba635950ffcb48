import { AsyncResource } from "node:async_hooks";

interface Waiting<T> {
  readonly item: T;
  /** The async context of the push, so a queued item runs in it (trace context, for one). */
  readonly scope: AsyncResource;
}

/**
 * Runs queued items with at most `concurrency` at once, in arrival order.
 * Servers and subscriptions feed it deliveries; its length is bounded by the
 * channel's prefetch, since unacknowledged deliveries are all the broker sends.
 */
export class WorkQueue<T> {
  readonly #waiting: Waiting<T>[] = [];
  #active = 0;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    /** Runs an item: a promise while it is in progress, or undefined if it finished synchronously. */
    private readonly run: (item: T) => Promise<void> | undefined,
  ) {
    if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, not ${concurrency}`);
  }

  /** Items running or waiting. */
  get size(): number {
    return this.#active + this.#waiting.length;
  }

  push(item: T): void {
    if (this.#stopped) return;
    if (this.#active < this.concurrency && this.#waiting.length === 0) this.#start(item);
    else this.#waiting.push({ item, scope: new AsyncResource("koinos-mq-ts.work") });
  }

  /** Drops the items that have not started. */
  clear(): void {
    for (const waiting of this.#waiting.splice(0)) waiting.scope.emitDestroy();
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

  #start(item: T): void {
    let running: Promise<void> | undefined;
    try {
      running = this.run(item);
    } catch {
      // `run` reports its own failures.
    }
    // Items that finished synchronously take no slot and no promise.
    if (running === undefined) return;
    this.#active++;
    // `run` reports its own failures; a rejection here must not go unhandled.
    running.then(this.#settled, this.#settled);
  }

  readonly #settled = (): void => {
    this.#active--;
    while (!this.#stopped && this.#active < this.concurrency && this.#waiting.length > 0) {
      const { item, scope } = this.#waiting.shift() as Waiting<T>;
      scope.runInAsyncScope(() => this.#start(item));
      scope.emitDestroy();
    }
    if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
  };
}
