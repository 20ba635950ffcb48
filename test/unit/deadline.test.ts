import { describe, expect, it, vi } from "vitest";
import { InvalidArgumentError } from "koinos-mq-ts";
import { deadlineAfter, expirationFor } from "../../runtime/deadline.js";
import { startTimer, stopTimer } from "../../runtime/util/timer.js";

describe("deadlineAfter", () => {
  it("takes milliseconds from now, the default when unset, and Infinity as no deadline", () => {
    const now = Date.now();
    expect(deadlineAfter(1000, 5000, "x")).toBeGreaterThanOrEqual(now + 1000);
    expect(deadlineAfter(undefined, 5000, "x")).toBeGreaterThanOrEqual(now + 5000);
    expect(deadlineAfter(Infinity, 5000, "x")).toBe(Infinity);
  });

  it.each([Number.NaN, -5, "10", {}, -Infinity])("refuses %s with an InvalidArgumentError", (value) => {
    expect(() => deadlineAfter(value, 5000, "chain.get_head_info")).toThrow(InvalidArgumentError);
    expect(() => deadlineAfter(value, 5000, "chain.get_head_info")).toThrow(/^chain\.get_head_info: timeoutMs must be/);
  });
});

describe("expirationFor", () => {
  it("is the remaining milliseconds, at least 1, and none for no deadline or one beyond RabbitMQ's limit", () => {
    expect(expirationFor(Infinity)).toBeUndefined();
    expect(expirationFor(Date.now() - 10)).toBe("1");
    expect(Number(expirationFor(Date.now() + 3e9))).toBeGreaterThan(2.99e9);
    expect(expirationFor(Date.now() + 5e9)).toBeUndefined();
  });
});

describe("startTimer", () => {
  it("fires deadlines beyond setTimeout's 2^31-1 ms limit at the deadline, not at once", async () => {
    vi.useFakeTimers();
    try {
      let fired = false;
      const timer = startTimer(() => (fired = true), Date.now() + 3e9);
      await vi.advanceTimersByTimeAsync(2 ** 31);
      expect(fired).toBe(false);
      await vi.advanceTimersByTimeAsync(3e9 - 2 ** 31);
      expect(fired).toBe(true);
      stopTimer(timer);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never fires for Infinity, and stops when stopped", async () => {
    vi.useFakeTimers();
    try {
      let fired = 0;
      expect(startTimer(() => fired++, Infinity)).toBeUndefined();
      const long = startTimer(() => fired++, Date.now() + 3e9);
      stopTimer(long);
      await vi.advanceTimersByTimeAsync(4e9);
      expect(fired).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
