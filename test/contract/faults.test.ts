import { describe, expect, it, vi } from "vitest";
import { ConnectionLostError, OverloadedError, RpcTimeoutError, type Bus, type RawEvent } from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { busKinds } from "../helpers/bus-kinds.js";
import { latch, rawService, text, untext } from "../helpers/raw-service.js";

/**
 * One bus loses its connection, gets it back, or gives up, the same on
 * RabbitMQ (its connection goes through a TCP proxy that the test cuts,
 * stalls or makes refuse) and in memory (`disconnect()`, `reconnect()`,
 * `giveUp()`): what users' recovery code sees.
 */
describe.each(busKinds(import.meta.filename))("faults on the $name bus", (kind) => {
  let services = 0;
  const freshService = () => rawService(`${kind.name}_fault${++services}`);
  let prefixes = 0;
  const freshPrefix = () => `f${++prefixes}`;

  /** Records a bus's connection events. */
  function connectionEvents(bus: Bus): string[] {
    const seen: string[] = [];
    bus.on("disconnected", () => seen.push("disconnected"));
    bus.on("connected", (e) => seen.push(`connected${e.reconnected ? " again" : ""}`));
    bus.on("reconnect-failed", () => seen.push("reconnect-failed"));
    return seen;
  }

  describe("a lost connection", () => {
    it("fails calls waiting for a reply at once with ConnectionLostError; calls and publishes made meanwhile wait, and go out once it is back", async () => {
      const service = freshService();
      const held = latch();
      await (await kind.open()).serve(service, {
        echo: async (request) => {
          if (untext(request) === "hold") await held.promise;
          return request;
        },
      });
      const p = freshPrefix();
      const received: string[] = [];
      await (await kind.open()).subscribeRaw(`${p}.#`, (e) => void received.push(e.topic));
      const bus = await kind.open();
      const events = connectionEvents(bus);
      const waitingForReply = bus.call(service.methods.echo, text("hold"), { timeoutMs: 20_000 }).catch((e: unknown) => e);
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.messages).toBe(0));
      await kind.disconnect(bus);
      const lost = await waitingForReply;
      expect(lost).toBeInstanceOf(ConnectionLostError);
      expect((lost as Error).message).toContain(`${service.name}.echo: the reply path was lost`);
      expect(bus.stats()).toMatchObject({ state: "reconnecting", connected: false });
      expect(events).toEqual(["disconnected"]);
      const call = bus.call(service.methods.echo, text("after"), { timeoutMs: 20_000 });
      const publish = bus.publishRaw(`${p}.after`, new Uint8Array([1]), { timeoutMs: 20_000 });
      const shortCall = await bus.call(service.methods.echo, text("short"), { timeoutMs: 100 }).catch((e: unknown) => e);
      expect(shortCall).toBeInstanceOf(RpcTimeoutError);
      expect((shortCall as Error).message).toMatch(/no connection to the broker within/);
      const shortPublish = await bus.publishRaw(`${p}.short`, new Uint8Array([1]), { timeoutMs: 100 }).catch((e: unknown) => e);
      expect(shortPublish).toBeInstanceOf(ConnectionLostError);
      expect(bus.stats().pendingCalls).toBe(1);
      await kind.reconnect(bus);
      expect(untext(await call)).toBe("after");
      await publish;
      await vi.waitFor(() => expect(received).toEqual([`${p}.after`]));
      expect(events).toEqual(["disconnected", "connected again"]);
      expect(bus.stats()).toMatchObject({ state: "ready", connected: true, pendingCalls: 0 });
      held.release();
    });

    it("of a server: its running handler's signal aborts with ConnectionLostError, and its request goes to another server, whose answer is the only one", async () => {
      const service = freshService();
      const aborted: unknown[] = [];
      const started = latch();
      const busA = await kind.open();
      await busA.serve(service, {
        echo: async (_request, context) => {
          started.release();
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          aborted.push(context.signal.reason);
          return text("from a");
        },
      });
      const caller = await kind.open();
      const call = caller.call(service.methods.echo, text("x"), { timeoutMs: 20_000 });
      await started.promise;
      const redelivered: boolean[] = [];
      await (await kind.open()).serve(service, {
        echo: (_request, context) => {
          redelivered.push(context.redelivered);
          return text("from b");
        },
      });
      await kind.disconnect(busA);
      expect(untext(await call)).toBe("from b");
      expect(redelivered).toEqual([true]);
      expect(aborted).toHaveLength(1);
      expect(aborted[0]).toBeInstanceOf(ConnectionLostError);
      expect(caller.stats().client.lateReplies).toBe(0);
      await kind.reconnect(busA);
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.consumers).toBe(2));
    });

    it("of a service's only server: its requests wait in the queue and are answered once it is back", async () => {
      const service = freshService();
      const serving = await kind.open();
      const served = await serving.serve(service, { echo: (request) => request });
      await kind.disconnect(serving);
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.consumers).toBe(0), { timeout: 10_000 });
      const call = (await kind.open()).call(service.methods.echo, text("waited"), { timeoutMs: 20_000 });
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.messages).toBe(1), { timeout: 10_000 });
      await kind.reconnect(serving);
      expect(untext(await call)).toBe("waited");
      expect(served.counters.handled).toBe(1);
    });

    it("of a subscriber: events waiting for its handler go with the queue, and after reconnecting it takes new ones on a new queue", async () => {
      const p = freshPrefix();
      const held = latch();
      const got: RawEvent[] = [];
      const subscriber = await kind.open();
      const sub = await subscriber.subscribeRaw(`${p}.#`, async (e) => {
        got.push(e);
        if (got.length === 1) await held.promise;
      });
      const firstQueue = sub.queue;
      const publisher = await kind.open();
      for (let i = 1; i <= 5; i++) await publisher.publishRaw(`${p}.${i}`, new Uint8Array([i]));
      // All five are with the subscriber: one running, four waiting for it.
      await vi.waitFor(async () => expect((await kind.queue(firstQueue))?.messages).toBe(0), { timeout: 10_000 });
      await vi.waitFor(() => expect(got).toHaveLength(1));
      await kind.disconnect(subscriber);
      held.release();
      await publisher.publishRaw(`${p}.while-down`, new Uint8Array([6]));
      await kind.reconnect(subscriber);
      expect(sub.queue).not.toBe(firstQueue);
      expect(sub.queue).toMatch(/^amq\.gen-/);
      await vi.waitFor(async () => expect(await kind.queue(firstQueue)).toBeUndefined(), { timeout: 10_000 });
      await publisher.publishRaw(`${p}.after`, new Uint8Array([7]));
      await vi.waitFor(() => expect(got.map((e) => e.topic)).toEqual([`${p}.1`, `${p}.after`]));
      await sub.unsubscribe();
    });
  });

  describe("while the bus is down", () => {
    it("serve and subscribe wait for it, bounded by readyTimeoutMs or a signal, and start once it is back", async () => {
      const service = freshService();
      const bus = await kind.open();
      await kind.disconnect(bus);
      const timedOut = await bus.serve(service, { echo: (request) => request }, { readyTimeoutMs: 50 }).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(ConnectionLostError);
      const controller = new AbortController();
      const aborted = bus.subscribe(KoinosEvents, "#", () => undefined, { signal: controller.signal }).catch((e: unknown) => e);
      controller.abort(new Error("no longer needed"));
      expect(await aborted).toMatchObject({ name: "BusClosedError", cause: new Error("no longer needed") });
      const serving = bus.serve(service, { echo: (request) => request });
      await kind.reconnect(bus);
      await serving;
      expect(Object.keys(bus.stats().servers)).toEqual([service.routingKey]);
      expect(bus.stats().subscriptions).toBe(0);
      expect(untext(await (await kind.open()).call(service.methods.echo, text("up")))).toBe("up");
    });

    it("maxPendingCalls counts the calls waiting for it, and maxWaitingPublishes the publishes", async () => {
      const service = freshService();
      await (await kind.open()).serve(service, { echo: (request) => request });
      const bus = await kind.open({ maxPendingCalls: 2, maxWaitingPublishes: 1 });
      await kind.disconnect(bus);
      const calls = [bus.call(service.methods.echo, text("1"), { timeoutMs: 20_000 }), bus.call(service.methods.echo, text("2"), { timeoutMs: 20_000 })];
      await expect(bus.call(service.methods.echo, text("3"), { timeoutMs: 20_000 })).rejects.toBeInstanceOf(OverloadedError);
      const publish = bus.publishRaw("koinos.nobody.listens", new Uint8Array([1]), { timeoutMs: 20_000 });
      await expect(bus.publishRaw("koinos.nobody.listens", new Uint8Array([2]), { timeoutMs: 20_000 })).rejects.toBeInstanceOf(OverloadedError);
      expect(bus.stats().pendingCalls).toBe(2);
      await kind.reconnect(bus);
      expect((await Promise.all(calls)).map(untext)).toEqual(["1", "2"]);
      await publish;
    });
  });

  describe("a bus that gave up reconnecting", () => {
    it("is failed for good: what waited, and whatever comes later, settles with ConnectionLostError, and subscriptions end with it", async () => {
      const service = freshService();
      await (await kind.open()).serve(service, { echo: (request) => request });
      const bus = await kind.open();
      const events = connectionEvents(bus);
      const sub = await bus.subscribeRaw("koinos.block.*", () => undefined);
      const stream = await bus.events(KoinosEvents, "koinos.block.irreversible");
      const loop = (async () => {
        for await (const event of stream) void event;
        return "ended quietly";
      })().catch((e: unknown) => e);
      await kind.disconnect(bus);
      // Without a deadline, only the bus's failure can settle these.
      const call = bus.call(service.methods.echo, text("x"), { timeoutMs: Infinity }).catch((e: unknown) => e);
      const publish = bus.publishRaw("koinos.block.accept", new Uint8Array(), { timeoutMs: Infinity }).catch((e: unknown) => e);
      await kind.giveUp(bus);
      expect(events).toEqual(["disconnected", "reconnect-failed"]);
      const waited = [await call, await publish];
      expect(bus.stats()).toMatchObject({ state: "failed", connected: false, pendingCalls: 0, subscriptions: 0 });
      const later = await Promise.all([
        bus.serve(service, { echo: (request) => request }).catch((e: unknown) => e),
        bus.subscribe(KoinosEvents, "#", () => undefined).catch((e: unknown) => e),
        bus.call(service.methods.echo, text("y"), { timeoutMs: Infinity }).catch((e: unknown) => e),
        bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: Infinity }).catch((e: unknown) => e),
      ]);
      for (const outcome of [...waited, await loop, await sub.ended.catch((e: unknown) => e), ...later]) {
        expect(outcome).toBeInstanceOf(ConnectionLostError);
        expect((outcome as Error).message).toContain("gave up reconnecting");
      }
      await bus.close();
      expect(bus.state).toBe("closed");
    });
  });
});
