/** How a job submitted to the pool ended. */
export type PoolOutcome<T> =
  | { readonly status: "done"; readonly value: T }
  /** No place in the queue within the gateway timeout (koinos-jsonrpc: HTTP 504). */
  | { readonly status: "timeout" }
  /** The pool closed before the job started (HTTP 503). */
  | { readonly status: "closed" };

interface Entry {
  readonly run: () => void;
  readonly refuse: (status: "timeout" | "closed") => void;
  timer?: NodeJS.Timeout;
}

/**
 * koinos-jsonrpc's job pool: `jobs` workers take jobs from a queue of
 * `jobs × 2`; a job that finds the queue full waits for a place at most the
 * gateway timeout, then is refused (504). A queued job waits for a worker
 * as long as it takes. Closing refuses what has not started (503) and lets
 * running jobs finish.
 */
export class WorkerPool {
  #running = 0;
  #closed = false;
  readonly #queue: Entry[] = [];
  readonly #waiting: Entry[] = [];

  constructor(
    readonly jobs: number,
    readonly queueSize: number = jobs * 2,
  ) {}

  /** Jobs running now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs queued or waiting for a place in the queue. */
  get queued(): number {
    return this.#queue.length + this.#waiting.length;
  }

  /** Runs `job` on a free worker; refused after `timeoutMs` without a place in the queue, or when the pool closes first. */
  submit<T>(job: () => Promise<T>, timeoutMs: number): Promise<PoolOutcome<T>> {
    if (this.#closed) return Promise.resolve({ status: "closed" });
    return new Promise((resolve) => {
      const entry: Entry = {
        run: () => {
          this.#running++;
          job().then(
            (value) => this.#finish(() => resolve({ status: "done", value })),
            (error: unknown) => this.#finish(() => resolve(Promise.reject(error as Error))),
          );
        },
        refuse: (status) => resolve({ status }),
      };
      if (this.#running < this.jobs) entry.run();
      else if (this.#queue.length < this.queueSize) this.#queue.push(entry);
      else {
        entry.timer = setTimeout(() => {
          const at = this.#waiting.indexOf(entry);
          if (at >= 0) this.#waiting.splice(at, 1);
          entry.refuse("timeout");
        }, timeoutMs);
        this.#waiting.push(entry);
      }
    });
  }

  /** Refuses every job that has not started; running ones finish. */
  close(): void {
    this.#closed = true;
    for (const entry of [...this.#queue.splice(0), ...this.#waiting.splice(0)]) {
      clearTimeout(entry.timer);
      entry.refuse("closed");
    }
  }

  #finish(settle: () => void): void {
    this.#running--;
    settle();
    while (this.#running < this.jobs) {
      const entry = this.#next();
      if (entry === undefined) return;
      entry.run();
    }
  }

  /** The next job to run: the queue's head, and a waiter takes the place it leaves. */
  #next(): Entry | undefined {
    while (this.#queue.length < this.queueSize + 1) {
      const waiter = this.#waiting.shift();
      if (waiter === undefined) break;
      clearTimeout(waiter.timer);
      this.#queue.push(waiter);
    }
    return this.#queue.shift();
  }
}
