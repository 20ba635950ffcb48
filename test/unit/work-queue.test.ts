import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../runtime/util/work-queue.js";

/** Items that finish when the test says so. */
function controllable() {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const crashes: [unknown, number][] = [];
  const queue = new WorkQueue<number>(
    2,
    (item) => {
      started.push(item);
      if (item < 0) return undefined; // finishes synchronously
      return new Promise<void>((resolve) => finish.set(item, resolve));
    },
    (error, item) => crashes.push([error, item]),
  );
  const done = async (item: number) => {
    finish.get(item)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, started, done, crashes };
}

describe("WorkQueue", () => {
  it("runs at most `concurrency` items at once, the rest in arrival order", async () => {
    const { queue, started, done } = controllable();
    for (const i of [1, 2, 3, 4]) queue.push(i);
    expect(started).toEqual([1, 2]);
    expect(queue.size).toBe(4);
    await done(2);
    expect(started).toEqual([1, 2, 3]);
    await done(1);
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it("takes no slot for items that finish synchronously", () => {
    const { queue, started } = controllable();
    for (const i of [-1, -2, -3]) queue.push(i);
    expect(started).toEqual([-1, -2, -3]);
    expect(queue.size).toBe(0);
  });

  it("hold() starts nothing more but keeps what arrives; stop() returns what waited and refuses more", async () => {
    const { queue, started, done } = controllable();
    for (const i of [1, 2, 3]) queue.push(i);
    queue.hold();
    expect(queue.push(4)).toBe(true);
    await done(1);
    expect(started).toEqual([1, 2]);
    expect(queue.stop()).toEqual([3, 4]);
    expect(queue.push(5)).toBe(false);
    expect(queue.size).toBe(1);
  });

  it("idle() resolves once what started has finished", async () => {
    const { queue, done } = controllable();
    queue.push(1);
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    await done(1);
    await waiting;
    expect(idle).toBe(true);
  });

  it("reports a run that throws or rejects, and frees its slot", async () => {
    const crashes: unknown[] = [];
    const queue = new WorkQueue<number>(
      1,
      (item) => {
        if (item === 1) throw new Error("sync bug");
        return Promise.reject(new Error("async bug"));
      },
      (error) => crashes.push((error as Error).message),
    );
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await queue.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(crashes).toEqual(["sync bug", "async bug", "async bug"]);
    expect(queue.size).toBe(0);
  });
});
