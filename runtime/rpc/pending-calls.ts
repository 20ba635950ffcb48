import type { MethodDefinition } from "../service-definition.js";
import { stopTimer, type Timer } from "../util/timer.js";

/** A call waiting for its reply. */
export interface PendingCall {
  readonly method: MethodDefinition;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: Timer;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  /** The entry counts the call against maxPendingCalls (false when the caller counts it elsewhere). */
  readonly counted: boolean;
  /** When its timer fires (ms since the epoch), for clients that check it when a reply comes. */
  readonly deadline?: number;
}

/**
 * Calls by correlation id. An entry leaves the map on every outcome (reply,
 * timeout, abort, lost reply path), taking its timer and abort listener with
 * it, so the map and the timers return to zero whatever happens.
 */
export class PendingCalls {
  readonly #calls = new Map<string, PendingCall>();
  #counted = 0;

  get size(): number {
    return this.#calls.size;
  }

  /** Entries that count against maxPendingCalls. */
  get counted(): number {
    return this.#counted;
  }

  add(id: string, call: PendingCall): void {
    this.#calls.set(id, call);
    if (call.counted) this.#counted++;
  }

  /** Removes and returns the call, or undefined if it already settled. */
  take(id: string): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    if (call.counted) this.#counted--;
    stopTimer(call.timer);
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
