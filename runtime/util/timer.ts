/**
 * Timers for deadlines of any length. Node's `setTimeout` takes at most
 * 2^31-1 ms (about 24.8 days): longer delays fire after 1 ms with a warning.
 * A deadline beyond that is reached in steps; `Infinity` never fires.
 */

/** Longest delay one `setTimeout` honours. */
const maxDelayMs = 2 ** 31 - 1;

/** A running timer: Node's own for usual deadlines, a chain of them for longer ones, nothing for none. */
export type Timer = NodeJS.Timeout | LongTimer | undefined;

class LongTimer {
  #timeout: NodeJS.Timeout | undefined;

  constructor(
    private readonly deadline: number,
    private readonly fire: () => void,
  ) {
    this.#arm();
  }

  #arm(): void {
    const ms = this.deadline - Date.now();
    this.#timeout = ms > maxDelayMs ? setTimeout(() => this.#arm(), maxDelayMs) : setTimeout(this.fire, Math.max(0, ms));
  }

  cancel(): void {
    clearTimeout(this.#timeout);
  }
}

/** Calls `fire` at `deadline` (ms since the epoch); `Infinity` means never. */
export function startTimer(fire: () => void, deadline: number): Timer {
  if (deadline === Infinity) return undefined;
  const ms = deadline - Date.now();
  return ms > maxDelayMs ? new LongTimer(deadline, fire) : setTimeout(fire, Math.max(0, ms));
}

export function stopTimer(timer: Timer): void {
  if (timer instanceof LongTimer) timer.cancel();
  else if (timer !== undefined) clearTimeout(timer);
}
