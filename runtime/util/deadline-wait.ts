import { startTimer, stopTimer, type Timer } from "./timer.js";

/**
 * Waits until `register` calls `done` (or `fail`), at most until `deadline`
 * (ms since the epoch; `Infinity` for no limit) and unless `signal` aborts.
 * `register` returns its own cleanup; every timer and listener is gone once
 * the wait settles.
 */
export function waitUntil(
  register: (done: () => void, fail: (error: Error) => void) => () => void,
  deadline: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
  onAbort: (reason: unknown) => Error,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort(signal.reason));
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let timer: Timer;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      unregister();
      stopTimer(timer);
      signal?.removeEventListener("abort", aborted);
      if (error === undefined) resolve();
      else reject(error);
    };
    const aborted = () => finish(onAbort(signal?.reason));
    const unregister = register(() => finish(), (error) => finish(error));
    if (!settled) timer = startTimer(() => finish(onTimeout()), deadline);
    if (!settled) signal?.addEventListener("abort", aborted, { once: true });
  });
}

/** Sleeps `ms`, or rejects with `onAbort(reason)` when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: (reason: unknown) => Error): Promise<void> {
  const register = (done: () => void) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  };
  return waitUntil(register, Infinity, signal, () => new Error("unreachable: no deadline"), onAbort);
}
