/**
 * The event loop's own `setImmediate`, as it was when this module loaded:
 * fake timers a test installs later (`vi.useFakeTimers()`) replace the
 * global one, and deliveries must not wait for a fake clock, just as
 * RabbitMQ's deliveries (socket I/O) do not. Deadlines still follow it.
 */
const nextTurn = setImmediate;

/** Something with deliveries to make: a queue with messages and consumers. */
export interface Dispatchable {
  dispatch(): void;
}

/**
 * Makes the memory broker's deliveries on a later turn of the event loop,
 * never inside the publish or the ack that made them possible: one turn
 * serves every queue that has work, each in its own order.
 */
export class DeliveryScheduler {
  #due = new Set<Dispatchable>();
  #spare = new Set<Dispatchable>();
  #scheduled = false;

  /** Has `queue` dispatch on the next turn (once, however often it is asked). */
  schedule(queue: Dispatchable): void {
    this.#due.add(queue);
    if (!this.#scheduled) {
      this.#scheduled = true;
      nextTurn(this.#run);
    }
  }

  readonly #run = (): void => {
    this.#scheduled = false;
    // What this turn's deliveries make due waits for the next turn.
    const due = this.#due;
    this.#due = this.#spare;
    for (const queue of due) queue.dispatch();
    due.clear();
    this.#spare = due;
  };
}
