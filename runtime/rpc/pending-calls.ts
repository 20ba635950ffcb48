import type { MethodDefinition } from "../service-definition.js";

/** A call waiting for its reply. */
export interface PendingCall {
  readonly method: MethodDefinition;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

/**
 * Calls by correlation id. An entry leaves the map on every outcome (reply,
 * timeout, abort, lost reply path), taking its timer and abort listener with
 * it, so the map and the timers return to zero whatever happens.
 */
export class PendingCalls {
  readonly #calls = new Map<string, PendingCall>();

  get size(): number {
    return this.#calls.size;
  }

  add(id: string, call: PendingCall): void {
    this.#calls.set(id, call);
  }

  /** Removes and returns the call, or undefined if it already settled. */
  take(id: string): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    clearTimeout(call.timer);
    if (call.onAbort !== undefined) call.signal?.removeEventListener("abort", call.onAbort);
    return call;
  }

  /** Settles the call with an error, if it is still pending. */
  fail(id: string, error: Error): void {
    this.take(id)?.reject(error);
  }

  /** Fails every pending call (the reply path is gone, or the bus closes). */
  failAll(error: (call: PendingCall) => Error): void {
    for (const id of [...this.#calls.keys()]) {
      const call = this.take(id);
      call?.reject(error(call));
    }
  }
}
