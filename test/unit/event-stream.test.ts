import { describe, expect, it } from "vitest";
import type { Subscription } from "koinos-mq-ts";
import { EventStream } from "../../runtime/events/event-stream.js";

/** A subscription whose end the test decides. */
function fakeSubscription() {
  let end: (error?: Error) => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => (end = (error) => (error === undefined ? resolve() : reject(error))));
  ended.catch(() => undefined);
  let unsubscribed = 0;
  const subscription: Subscription = {
    pattern: "#",
    queue: "q",
    counters: { handled: 0, errors: 0 },
    ended,
    unsubscribe: async () => {
      unsubscribed++;
      end();
    },
  };
  return { subscription, end, unsubscribed: () => unsubscribed };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("EventStream", () => {
  it("hands events to the loop in order, holding the handler once the buffer is full", async () => {
    const stream = new EventStream<number>(2);
    const { subscription } = fakeSubscription();
    stream.attach(subscription);
    const taken: number[] = [];
    const pushes = [1, 2, 3].map((n) => stream.push(n).then(() => taken.push(n)));
    await tick();
    // Two fit the buffer; the third waits for the loop.
    expect(taken).toEqual([1, 2]);
    expect(await stream.next()).toEqual({ value: 1, done: false });
    await Promise.all(pushes);
    expect(taken).toEqual([1, 2, 3]);
    expect(await stream.next()).toEqual({ value: 2, done: false });
    expect(await stream.next()).toEqual({ value: 3, done: false });
  });

  it("leaving the loop unsubscribes", async () => {
    const stream = new EventStream<number>(2);
    const fake = fakeSubscription();
    stream.attach(fake.subscription);
    void stream.push(1);
    for await (const event of stream) {
      expect(event).toBe(1);
      break;
    }
    expect(fake.unsubscribed()).toBe(1);
  });

  it("ends a waiting loop when the subscription ends", async () => {
    const stream = new EventStream<number>(2);
    const fake = fakeSubscription();
    stream.attach(fake.subscription);
    const next = stream.next();
    fake.end();
    expect(await next).toEqual({ value: undefined, done: true });
  });

  it("when the subscription fails, yields what was buffered, then throws the cause", async () => {
    const stream = new EventStream<number>(4);
    const fake = fakeSubscription();
    stream.attach(fake.subscription);
    await stream.push(1);
    await stream.push(2);
    fake.end(new Error("gave up reconnecting"));
    await tick();
    const seen: number[] = [];
    const outcome = await (async () => {
      for await (const event of stream) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(outcome).toEqual(new Error("gave up reconnecting"));
  });

  it("rejects a reader waiting when the subscription fails", async () => {
    const stream = new EventStream<number>(4);
    const fake = fakeSubscription();
    stream.attach(fake.subscription);
    const next = stream.next().catch((e: unknown) => e);
    fake.end(new Error("lost"));
    expect(await next).toEqual(new Error("lost"));
  });
});
