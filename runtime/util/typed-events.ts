import type { Logger } from "../logger.js";

/**
 * A minimal typed event emitter. Unlike Node's EventEmitter it has no
 * special `error` event that crashes the process when nobody listens, and a
 * listener that throws is logged, not propagated into the runtime.
 */
export class TypedEvents<E extends object> {
  readonly #listeners = new Map<keyof E, Set<(payload: never) => void>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as (payload: E[K]) => void)(payload);
      } catch (error) {
        this.logger.error({ err: error, event: String(event) }, "a bus event listener threw");
      }
    }
  }
}
