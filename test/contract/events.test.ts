import { describe, expect, it, vi } from "vitest";
import { InvalidArgumentError, type Bus, type EventError, type RawEvent } from "koinos-mq-ts";
import { blockAccepted, blockIrreversible } from "../../generated/koinos/broadcast/broadcast.js";
import { KoinosEvents, koinosEventPattern, koinosEventTopic, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { busKinds } from "../helpers/bus-kinds.js";
import { latch } from "../helpers/raw-service.js";

/**
 * Events as users see them, the same on RabbitMQ and in memory. The tests
 * of a kind share one broker, so each uses topics under a prefix of its own
 * where it publishes raw events; a fence (an event published last, on the
 * same bus) tells when everything published before it has arrived, since
 * one publisher's events reach a subscription in order.
 */
describe.each(busKinds(import.meta.filename))("events on the $name bus", (kind) => {
  let prefixes = 0;
  const freshPrefix = () => `t${++prefixes}`;

  /** Collects a subscription's raw events; `settle(topic)` publishes a fence on `topic` and waits for it. */
  function collector(publisher: Bus) {
    const got: RawEvent[] = [];
    let fences = 0;
    const fence = new Uint8Array([0xb8, 0x3e, 0x01]);
    const handler = (event: RawEvent) => {
      if (event.bytes.length === 3 && event.bytes.every((b, i) => b === fence[i])) fences++;
      else got.push(event);
    };
    const settle = async (topic: string) => {
      const before = fences;
      await publisher.publishRaw(topic, fence);
      await vi.waitFor(() => expect(fences).toBe(before + 1), { timeout: 10_000, interval: 5 });
    };
    return { got, handler, settle, topics: () => got.map((e) => e.topic) };
  }

  describe("topic patterns", () => {
    // Words hold any character but the dot; # spans zero or more words; Koinos event names hold dots.
    const topics = (p: string) => [
      `${p}`,
      `${p}.block.accept`,
      `${p}.block.irreversible`,
      `${p}.block.accept.extra`,
      `${p}.event.1Ab-_~.token.transfer_event`,
      `${p}.event.1Ab-_~.burn`,
      `${p}.event.ü*x#y.burn`,
      `${p}.a.z`,
      `${p}.a.b.c.z`,
    ];
    // P stands for the test's own first word, so that only its topics can match; the last column is a topic the pattern matches, for the fence.
    it.each([
      ["P.block.*", [1, 2], "P.block.fence"],
      ["P.*.accept", [1], "P.fence.accept"],
      ["P.block.#", [1, 2, 3], "P.block"],
      ["P.#", [0, 1, 2, 3, 4, 5, 6, 7, 8], "P"],
      ["P", [0], "P"],
      ["P.#.accept", [1], "P.accept"],
      ["P.*.*", [1, 2, 7], "P.f.f"],
      ["P.#.z", [7, 8], "P.z"],
      ["P.a.#.z", [7, 8], "P.a.z"],
      ["P.a.*.z", [], "P.a.f.z"],
      ["P.event.*.burn", [5, 6], "P.event.f.burn"],
      ["P.event.1Ab-_~.#", [4, 5], "P.event.1Ab-_~"],
      ["P.event.ü*x#y.*", [6], "P.event.ü*x#y.f"],
      ["P.#.#.burn", [5, 6], "P.burn"],
      ["P.#.block.#.#", [1, 2, 3], "P.block"],
    ])("%s receives exactly its topics", async (pattern, expected, fence) => {
      const p = freshPrefix();
      const publisher = await kind.open();
      const c = collector(publisher);
      const sub = await (await kind.open()).subscribeRaw(pattern.replace("P", p), c.handler);
      const all = topics(p);
      for (const topic of all) await publisher.publishRaw(topic, new Uint8Array([1]));
      await c.settle(fence.replace("P", p));
      expect(c.topics()).toEqual(expected.map((i) => all[i]));
      await sub.unsubscribe();
    });

    it("built by the generated pattern builders select contract events by contract, by name, or both", async () => {
      const publisher = await kind.open();
      const bus = await kind.open();
      const byContract = collector(publisher);
      const byName = collector(publisher);
      const subs = [
        await bus.subscribe(KoinosEvents, koinosEventPattern({ contract: "1contractA" }), byContract.handler),
        await bus.subscribe(KoinosEvents, koinosEventPattern({ name: "burn" }), byName.handler),
      ];
      await publisher.publish(KoinosEvents, koinosEventTopic({ contract: "1contractA", name: "token.transfer_event" }), { height: "5" });
      await publisher.publish(KoinosEvents, koinosEventTopic({ contract: "1contractB", name: "burn" }), { height: "6" });
      await byContract.settle("koinos.event.1contractA.fence");
      await byName.settle("koinos.event.1contractC.burn");
      expect(byContract.topics()).toEqual(["koinos.event.1contractA.token.transfer_event"]);
      expect(byName.topics()).toEqual(["koinos.event.1contractB.burn"]);
      await Promise.all(subs.map((s) => s.unsubscribe()));
    });
  });

  describe("an event", () => {
    it("goes to every subscription once, each with a copy of its own", async () => {
      const p = freshPrefix();
      const publisher = await kind.open();
      const subscribers = [collector(publisher), collector(publisher), collector(publisher)];
      const bus = await kind.open();
      const subs = await Promise.all(
        subscribers.map((c, i) =>
          bus.subscribeRaw(`${p}.#`, (event) => {
            c.handler(event);
            // One subscriber scribbling on its bytes changes nothing for the others.
            if (i === 0) event.bytes.fill(0);
          }),
        ),
      );
      await publisher.publishRaw(`${p}.x`, new Uint8Array([7, 7]));
      for (const c of subscribers) await c.settle(`${p}.fence`);
      expect(subscribers[0]?.got.map((e) => [...e.bytes])).toEqual([[0, 0]]);
      expect(subscribers[1]?.got.map((e) => [...e.bytes])).toEqual([[7, 7]]);
      expect(subscribers[2]?.got.map((e) => [...e.bytes])).toEqual([[7, 7]]);
      await Promise.all(subs.map((s) => s.unsubscribe()));
    });

    it("published while nobody subscribes is lost", async () => {
      const p = freshPrefix();
      const publisher = await kind.open();
      await publisher.publishRaw(`${p}.early`, new Uint8Array([1]));
      const c = collector(publisher);
      const sub = await (await kind.open()).subscribeRaw(`${p}.#`, c.handler);
      await c.settle(`${p}.fence`);
      expect(c.got).toEqual([]);
      await sub.unsubscribe();
    });

    it("reaches handlers after publish returned, never inside it, and in the order published", async () => {
      const p = freshPrefix();
      const publisher = await kind.open();
      const c = collector(publisher);
      let publishing = false;
      const insidePublish: string[] = [];
      const sub = await (await kind.open()).subscribeRaw(`${p}.#`, (event) => {
        if (publishing) insidePublish.push(event.topic);
        c.handler(event);
      });
      for (let i = 0; i < 50; i++) {
        publishing = true;
        const published = publisher.publishRaw(`${p}.${i}`, new Uint8Array([i]));
        publishing = false;
        await published;
      }
      await c.settle(`${p}.fence`);
      expect(insidePublish).toEqual([]);
      expect(c.got.map((e) => e.bytes[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(c.got.every((e) => !e.redelivered)).toBe(true);
      await sub.unsubscribe();
    });
  });

  describe("a subscription's limits", () => {
    it("concurrency: that many handlers run at once, never more", async () => {
      const p = freshPrefix();
      const held = latch();
      let running = 0;
      let most = 0;
      let handled = 0;
      const sub = await (await kind.open()).subscribeRaw(
        `${p}.#`,
        async () => {
          running++;
          most = Math.max(most, running);
          await held.promise;
          running--;
          handled++;
        },
        { concurrency: 3 },
      );
      const publisher = await kind.open();
      for (let i = 0; i < 10; i++) await publisher.publishRaw(`${p}.${i}`, new Uint8Array([i]));
      await vi.waitFor(() => expect(running).toBe(3));
      held.release();
      await vi.waitFor(() => expect(handled).toBe(10));
      expect(most).toBe(3);
      await sub.unsubscribe();
    });

    it("prefetch: the broker holds back what is past it while the handler is busy", async () => {
      const p = freshPrefix();
      const held = latch();
      let started = 0;
      const sub = await (await kind.open()).subscribeRaw(
        `${p}.#`,
        async () => {
          started++;
          await held.promise;
        },
        { prefetch: 2 },
      );
      const publisher = await kind.open();
      for (let i = 0; i < 6; i++) await publisher.publishRaw(`${p}.${i}`, new Uint8Array([i]));
      // One runs, one waits for it in the subscription, four wait in the queue.
      await vi.waitFor(async () => expect((await kind.queue(sub.queue))?.messages).toBe(4), { timeout: 10_000 });
      expect(started).toBe(1);
      held.release();
      await vi.waitFor(() => expect(sub.counters.handled).toBe(6));
      await sub.unsubscribe();
    });
  });

  describe("events a subscription cannot handle", () => {
    it("go to its error hook with their topic, bytes and reason, and the subscription goes on", async () => {
      const publisher = await kind.open();
      const errors: EventError[] = [];
      const c = collector(publisher);
      let throwOnce = true;
      const sub = await (await kind.open()).subscribe(
        KoinosEvents,
        "koinos.#",
        (event) => {
          if (event.topic === "koinos.gossip.status" && throwOnce) {
            throwOnce = false;
            throw new Error("handler bug");
          }
          c.handler(event);
        },
        { onError: (e) => errors.push(e) },
      );
      const garbage = new Uint8Array([0xff, 0xff, 0xff]);
      await publisher.publishRaw("koinos.block.accept", garbage);
      await publisher.publishRaw("koinos.nobody.knows", new Uint8Array([8, 1]));
      await publisher.publish(KoinosEvents, "koinos.gossip.status", { enabled: true });
      await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "8" } });
      await c.settle("koinos.block.irreversible");
      expect(errors.map((e) => [e.topic, e.reason])).toEqual([
        ["koinos.block.accept", expect.stringMatching(/^the body does not decode/)],
        ["koinos.nobody.knows", "no message is known for topic koinos.nobody.knows"],
        ["koinos.gossip.status", "the handler threw: handler bug"],
      ]);
      expect(errors[0]?.bytes).toEqual(garbage);
      expect(c.topics()).toEqual(["koinos.block.irreversible"]);
      expect(sub.counters).toMatchObject({ handled: 2, errors: 3 });
      await sub.unsubscribe();
    });

    it("without a hook are reported as the bus's event-error", async () => {
      const bus = await kind.open();
      const reported = new Promise<string>((resolve) => bus.on("event-error", (e) => resolve(e.reason)));
      const sub = await bus.subscribe(KoinosEvents, "koinos.block.irreversible", () => undefined);
      await (await kind.open()).publishRaw("koinos.block.irreversible", new Uint8Array([0x0a, 0x05]));
      expect(await reported).toMatch(/^the body does not decode/);
      await sub.unsubscribe();
    });
  });

  describe("publish", () => {
    it("encodes with the topic's message as ts-proto does, and raw bytes go as they are, unknown fields included", async () => {
      const publisher = await kind.open();
      const c = collector(publisher);
      const sub = await (await kind.open()).subscribeRaw("koinos.block.*", c.handler);
      await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "18446744073709551615", id: new Uint8Array([1]) } });
      const withUnknown = new Uint8Array([...blockAccepted.encode(blockAccepted.fromPartial({ live: true })).finish(), 0x7a, 0x02, 0xca, 0xfe]);
      await publisher.publishRaw("koinos.block.accept", withUnknown);
      await c.settle("koinos.block.forks");
      expect(c.got.map((e) => e.bytes)).toEqual([
        blockIrreversible.encode(blockIrreversible.fromPartial({ topology: { height: "18446744073709551615", id: new Uint8Array([1]) } })).finish(),
        withUnknown,
      ]);
      await sub.unsubscribe();
    });

    it("refuses a wildcard or empty topic, a topic its map does not know, and headers AMQP cannot carry", async () => {
      const publisher = await kind.open();
      await expect(publisher.publishRaw("koinos.block.*", new Uint8Array())).rejects.toThrow(/has a wildcard/);
      await expect(publisher.publishRaw("koinos..accept", new Uint8Array())).rejects.toThrow(/empty word/);
      await expect(publisher.publish(KoinosEvents, "koinos.block.unknown" as "koinos.block.accept", {})).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(publisher.publishRaw("koinos.block.accept", new Uint8Array(), { headers: { bad: Number.NaN } })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(publisher.publishRaw("koinos.block.accept", new Uint8Array(), { headers: { fine: "yes" }, confirm: true })).resolves.toBeUndefined();
    });
  });

  describe("the async iterable form", () => {
    it("yields events in order and unsubscribes when the loop ends", async () => {
      const bus = await kind.open();
      const stream = await bus.events(KoinosEvents, "koinos.block.irreversible", { bufferSize: 2 });
      const publisher = await kind.open();
      for (let h = 1; h <= 5; h++) await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: String(h) } });
      const heights: string[] = [];
      for await (const e of stream as AsyncIterable<KoinosEvent<"koinos.block.irreversible">>) {
        heights.push(e.message.topology?.height ?? "");
        if (heights.length === 5) break;
      }
      expect(heights).toEqual(["1", "2", "3", "4", "5"]);
      expect(await kind.queue(stream.subscription?.queue ?? "")).toBeUndefined();
      expect(bus.stats().subscriptions).toBe(0);
    });
  });

  describe("unsubscribe", () => {
    it("stops deliveries and deletes the subscription's server-named queue", async () => {
      const p = freshPrefix();
      const publisher = await kind.open();
      const c = collector(publisher);
      const control = collector(publisher);
      const bus = await kind.open();
      const sub = await bus.subscribeRaw(`${p}.#`, c.handler);
      const controlSub = await bus.subscribeRaw(`${p}.#`, control.handler);
      expect(sub.queue).toMatch(/^amq\.gen-/);
      expect(await kind.queue(sub.queue)).toEqual({ messages: 0, consumers: 1 });
      await sub.unsubscribe();
      await publisher.publishRaw(`${p}.after`, new Uint8Array([1]));
      await control.settle(`${p}.fence`);
      expect(c.got).toEqual([]);
      expect(control.topics()).toEqual([`${p}.after`]);
      expect(await kind.queue(sub.queue)).toBeUndefined();
      await expect(sub.ended).resolves.toBeUndefined();
      await controlSub.unsubscribe();
    });
  });
});
