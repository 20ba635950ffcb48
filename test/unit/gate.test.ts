import { describe, expect, it, vi } from "vitest";
import { Gate } from "../../runtime/util/gate.js";

const timeout = () => new Error("timed out");
const abort = (reason: unknown) => new Error(`aborted: ${String(reason)}`);

describe("Gate", () => {
  it("lets waiters through when it opens, and at once while it is open", async () => {
    const gate = new Gate();
    const waiting = gate.wait(Infinity, undefined, timeout, abort);
    expect(gate.waiting).toBe(1);
    gate.open();
    await waiting;
    expect(gate.waiting).toBe(0);
    await gate.wait(Infinity, undefined, timeout, abort);
  });

  it("fails a waiter at its deadline and forgets it", async () => {
    vi.useFakeTimers();
    try {
      const gate = new Gate();
      const waiting = gate.wait(Date.now() + 100, undefined, timeout, abort).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      expect(await waiting).toEqual(new Error("timed out"));
      expect(gate.waiting).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails a waiter whose signal aborts, and one whose signal already aborted without registering it", async () => {
    const gate = new Gate();
    const controller = new AbortController();
    const waiting = gate.wait(Infinity, controller.signal, timeout, abort).catch((e: unknown) => e);
    controller.abort("stop");
    expect(await waiting).toEqual(new Error("aborted: stop"));
    expect(await gate.wait(Infinity, controller.signal, timeout, abort).catch((e: unknown) => e)).toEqual(new Error("aborted: stop"));
    expect(gate.waiting).toBe(0);
  });

  it("fails every waiter on failWaiters, and stays closed", async () => {
    const gate = new Gate();
    const waits = [1, 2, 3].map(() => gate.wait(Infinity, undefined, timeout, abort).catch((e: unknown) => e));
    gate.failWaiters(new Error("bus closed"));
    for (const outcome of await Promise.all(waits)) expect(outcome).toEqual(new Error("bus closed"));
    expect(gate.isOpen).toBe(false);
    expect(gate.waiting).toBe(0);
  });

  it("waits again once closed after opening", async () => {
    const gate = new Gate();
    gate.open();
    gate.close();
    let passed = false;
    const waiting = gate.wait(Infinity, undefined, timeout, abort).then(() => (passed = true));
    await Promise.resolve();
    expect(passed).toBe(false);
    gate.open();
    await waiting;
    expect(passed).toBe(true);
  });
});
