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
  #held = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    /** Runs an item: a promise while it is in progress, or undefined if it finished synchronously. */
    private readonly run: (item: T) => Promise<void> | undefined,
    /**
     * Called if `run` throws or rejects, which it must not do (it answers or
     * acknowledges its item whatever happens): a bug to report, never silence.
     */
    private readonly crashed: (error: unknown, item: T) => void,
  ) {
    if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, not ${concurrency}`);
  }

  /** Items running or waiting. */
  get size(): number {
    return this.#active + this.#waiting.length;
  }

  /** Items that have started and not finished. */
  get running(): number {
    return this.#active;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Queues an item; returns false (and keeps nothing) once stopped. */
  push(item: T): boolean {
    if (this.#stopped) return false;
    if (!this.#held && this.#active < this.concurrency && this.#waiting.length === 0) this.#start(item);
    else this.#waiting.push({ item, scope: new AsyncResource("koinos-mq-ts.work") });
    return true;
  }

  /** Removes and returns the items that have not started. */
  takeWaiting(): T[] {
    return this.#waiting.splice(0).map((waiting) => {
      waiting.scope.emitDestroy();
      return waiting.item;
    });
  }

  /** Starts nothing more, but still takes items (they wait, for `stop` to return). */
  hold(): void {
    this.#held = true;
  }

  /** Starts nothing more; returns what waited, for the owner to give back. */
  stop(): T[] {
    this.#stopped = true;
    this.#held = true;
    return this.takeWaiting();
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
    } catch (error) {
      this.crashed(error, item);
      return;
    }
    // Items that finished synchronously take no slot and no promise.
    if (running === undefined) return;
    this.#active++;
    running.then(this.#settled, (error: unknown) => {
      this.crashed(error, item);
      this.#settled();
    });
  }

  readonly #settled = (): void => {
    this.#active--;
    while (!this.#held && !this.#stopped && this.#active < this.concurrency && this.#waiting.length > 0) {
      const { item, scope } = this.#waiting.shift() as Waiting<T>;
      scope.runInAsyncScope(() => this.#start(item));
      scope.emitDestroy();
    }
    if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
  };
}
