/** What can be drained: a WorkQueue. */
interface Drainable {
  idle(): Promise<void>;
}

/** How long work that was told to stop still gets before its consumer is closed anyway. */
const graceMs = 1000;

/**
 * Waits for `work` to finish what it started, at most `timeoutMs`; then calls
 * `onTimeout` (to abort it) and waits `graceMs` more at most, so that a
 * handler that ignores its signal cannot hold a shutdown forever.
 */
export async function drain(work: Drainable, timeoutMs: number, onTimeout: () => void): Promise<void> {
  if (await idleWithin(work, timeoutMs)) return;
  onTimeout();
  await idleWithin(work, graceMs);
}

async function idleWithin(work: Drainable, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const idle = await Promise.race([work.idle().then(() => true as const), timedOut]);
  clearTimeout(timer);
  return idle;
}
