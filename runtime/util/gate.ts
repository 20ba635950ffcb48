import { waitUntil } from "./deadline-wait.js";

interface Waiter {
  readonly done: () => void;
  readonly fail: (error: Error) => void;
}

/**
 * A condition callers wait on (the channel is writable: set up, topology
 * restored, buffer drained, broker not blocking). Every waiter settles: when
 * the gate opens, at its deadline, on abort, or when the owner fails them
 * all (the bus closed or gave up reconnecting). How many may wait is bounded
 * by the callers, who count their own calls and publishes.
 */
export class Gate {
  #open = false;
  readonly #waiters = new Set<Waiter>();

  get isOpen(): boolean {
    return this.#open;
  }

  /** Callers waiting now. */
  get waiting(): number {
    return this.#waiters.size;
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

  /** Resolves when the gate is open; rejects at the deadline (`Infinity`: none), on abort, or on failWaiters. */
  wait(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    if (this.#open) return Promise.resolve();
    const register = (done: () => void, fail: (error: Error) => void) => {
      const waiter = { done, fail };
      this.#waiters.add(waiter);
      return () => this.#waiters.delete(waiter);
    };
    return waitUntil(register, deadline, signal, onTimeout, onAbort);
  }
}
