import { OverloadedError } from "../errors.js";
import { waitUntil } from "./deadline-wait.js";

interface Waiter {
  readonly done: () => void;
  readonly fail: (error: Error) => void;
}

/**
 * A condition callers wait on (connected, topology restored, channel
 * writable). Waiters are bounded: past `maxWaiters` a wait fails at once
 * with OverloadedError instead of queueing without limit.
 */
export class Gate {
  #open = false;
  readonly #waiters = new Set<Waiter>();

  constructor(
    private readonly maxWaiters: number,
    private readonly what: string,
  ) {}

  get isOpen(): boolean {
    return this.#open;
  }

  open(): void {
    this.#open = true;
    for (const waiter of [...this.#waiters]) waiter.done();
  }

  close(): void {
    this.#open = false;
  }

  /** Rejects every current waiter with `error` (e.g. when the bus closes). */
  failWaiters(error: Error): void {
    for (const waiter of [...this.#waiters]) waiter.fail(error);
  }

  /** Resolves when the gate is open; rejects at the deadline, on abort, on failWaiters, or when too many wait. */
  wait(deadline: number | undefined, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    if (this.#open) return Promise.resolve();
    if (this.#waiters.size >= this.maxWaiters) {
      return Promise.reject(new OverloadedError(`${this.maxWaiters} callers are already waiting for ${this.what}`));
    }
    const register = (done: () => void, fail: (error: Error) => void) => {
      const waiter = { done, fail };
      this.#waiters.add(waiter);
      return () => this.#waiters.delete(waiter);
    };
    return waitUntil(register, deadline, signal, onTimeout, onAbort);
  }
}
