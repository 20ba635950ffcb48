import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bus, EventError } from "koinos-mq-ts";
import { blockAccepted, blockIrreversible } from "../../generated/koinos/broadcast/broadcast.js";
import {
  KOINOS_BLOCK_ACCEPT_TOPIC,
  KoinosEvents,
  koinosEventPattern,
  koinosEventTopic,
  type KoinosEvent,
} from "../../generated/koinos/broadcast/broadcast_mq.js";
import { IndexerEvents, indexerAccountPattern, indexerAccountTopic } from "../../generated/indexer/indexer_mq.js";
import { busFactory } from "../helpers/buses.js";
import { listRows } from "../helpers/rabbitmqctl.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
let bus: Bus;
let publisher: Bus;

beforeAll(async () => {
  bus = await openBus();
  publisher = await openBus();
});

/** Field 999 = 1: unknown to every message, so a fence decodes as an empty message of its topic and is told apart by its bytes. */
const FENCE = new Uint8Array([0xb8, 0x3e, 0x01]);
const isFence = (bytes: Uint8Array) => bytes.length === FENCE.length && bytes.every((b, i) => b === FENCE[i]);

/**
 * Collects what a subscription receives. `settle(topic)` publishes a fence
 * on `topic` after what the test published and waits for it: one channel
 * and one queue keep their order, so every event published before it has
 * arrived by then, and an unexpected extra one would show.
 */
function collector<E extends { readonly bytes: Uint8Array }>() {
  const got: E[] = [];
  let fences = 0;
  const handler = (e: E) => {
    if (isFence(e.bytes)) fences++;
    else got.push(e);
  };
  const settle = async (topic: string, via: Bus = publisher) => {
    const before = fences;
    await via.publishRaw(topic, FENCE);
    await vi.waitFor(() => expect(fences).toBe(before + 1), { timeout: 10_000, interval: 10 });
  };
  return { got, handler, settle };
}

const contractA = "15DJN4a8SgrbGhhGksSBASiSYjGnMU8dGL";
const contractB = "1NsQbH5AhQXgtSNg1ejpFqTi2hmCWz1eQS";

/** One event of every Koinos topic, a contract event with a dotted name included. */
async function publishOneOfEach(): Promise<void> {
  const topology = { height: "5" };
  await publisher.publish(KoinosEvents, "koinos.block.accept", { block: { id: new Uint8Array([1]) }, live: true });
  await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology });
  await publisher.publish(KoinosEvents, "koinos.block.forks", { heads: [topology] });
  await publisher.publish(KoinosEvents, "koinos.transaction.accept", { height: "5" });
  await publisher.publish(KoinosEvents, "koinos.transaction.fail", { id: new Uint8Array([2]) });
  await publisher.publish(KoinosEvents, "koinos.mempool.accept", { pendingRcUsed: "10" });
  await publisher.publish(KoinosEvents, "koinos.mempool.block_accepted", { head: true });
  await publisher.publish(KoinosEvents, "koinos.gossip.status", { enabled: true });
  await publisher.publish(KoinosEvents, koinosEventTopic({ contract: contractA, name: "token.transfer_event" }), { height: "5", event: { name: "token.transfer_event" } });
  await publisher.publish(KoinosEvents, koinosEventTopic({ contract: contractB, name: "burn" }), { height: "6", event: { name: "burn" } });
}

describe("subscriptions", () => {
  it("fan one event out to every subscriber, each getting it once, decoded", async () => {
    const subscribers = [collector<KoinosEvent<"koinos.block.accept">>(), collector<KoinosEvent<"koinos.block.accept">>(), collector<KoinosEvent<"koinos.block.accept">>()];
    const subs = await Promise.all(subscribers.map((c) => bus.subscribe(KoinosEvents, KOINOS_BLOCK_ACCEPT_TOPIC, c.handler)));
    await publisher.publish(KoinosEvents, "koinos.block.accept", { block: { id: new Uint8Array([9]) }, live: true, head: true });
    for (const c of subscribers) await c.settle("koinos.block.accept");
    for (const c of subscribers) {
      expect(c.got).toHaveLength(1);
      expect(c.got[0]?.topic).toBe("koinos.block.accept");
      expect(c.got[0]?.message).toMatchObject({ live: true, head: true, block: { id: new Uint8Array([9]) } });
    }
    await Promise.all(subs.map((s) => s.unsubscribe()));
  });

  it.each([
    ["koinos.block.*", ["koinos.block.accept", "koinos.block.irreversible", "koinos.block.forks"]],
    ["koinos.*.accept", ["koinos.block.accept", "koinos.transaction.accept", "koinos.mempool.accept"]],
    ["koinos.mempool.#", ["koinos.mempool.accept", "koinos.mempool.block_accepted"]],
    ["koinos.event.#", [`koinos.event.${contractA}.token.transfer_event`, `koinos.event.${contractB}.burn`]],
    ["#.accept", ["koinos.block.accept", "koinos.transaction.accept", "koinos.mempool.accept"]],
  ])("%s receives exactly its topics", async (pattern, topics) => {
    const c = collector<KoinosEvent>();
    const sub = await bus.subscribe(KoinosEvents, pattern, c.handler);
    await publishOneOfEach();
    await c.settle(topics[0] as string);
    expect(c.got.map((e) => e.topic)).toEqual(topics);
    await sub.unsubscribe();
  });

  it("# receives every topic, in the order published", async () => {
    const c = collector<KoinosEvent>();
    const sub = await bus.subscribe(KoinosEvents, "#", c.handler);
    await publishOneOfEach();
    await c.settle("koinos.gossip.status");
    expect(c.got).toHaveLength(10);
    expect(c.got[0]?.topic).toBe("koinos.block.accept");
    expect(c.got.at(-1)?.message).toMatchObject({ height: "6", event: { name: "burn" } });
    await sub.unsubscribe();
  });

  it("contract event patterns select by contract, by event name (dots and all), or both", async () => {
    const byContract = collector<KoinosEvent>();
    const byName = collector<KoinosEvent>();
    const subs = [
      await bus.subscribe(KoinosEvents, koinosEventPattern({ contract: contractA }), byContract.handler),
      await bus.subscribe(KoinosEvents, koinosEventPattern({ name: "burn" }), byName.handler),
    ];
    await publishOneOfEach();
    await byContract.settle(`koinos.event.${contractA}.fence`);
    await byName.settle(`koinos.event.${contractB}.burn`);
    expect(byContract.got.map((e) => e.topic)).toEqual([`koinos.event.${contractA}.token.transfer_event`]);
    expect(byName.got.map((e) => e.topic)).toEqual([`koinos.event.${contractB}.burn`]);
    await Promise.all(subs.map((s) => s.unsubscribe()));
  });

  it("of user-defined events work the same, parameterised topics included", async () => {
    const c = collector<{ topic: string; message: unknown; bytes: Uint8Array }>();
    const sub = await bus.subscribe(IndexerEvents, indexerAccountPattern({ address: "1alice" }), c.handler);
    const status = collector<{ topic: string; message: unknown; bytes: Uint8Array }>();
    const statusSub = await bus.subscribe(IndexerEvents, "indexer.status.#", status.handler);
    await publisher.publish(IndexerEvents, indexerAccountTopic({ address: "1alice" }), { height: "10" });
    await publisher.publish(IndexerEvents, indexerAccountTopic({ address: "1bob" }), { height: "11" });
    await publisher.publish(IndexerEvents, "indexer.status", { running: true });
    await publisher.publish(IndexerEvents, "indexer.status.changed", { running: false });
    await c.settle(indexerAccountTopic({ address: "1alice" }));
    await status.settle("indexer.status");
    expect(c.got.map((e) => [e.topic, e.message])).toEqual([["indexer.account.1alice", { address: new Uint8Array(), height: "10", transactionIds: [] }]]);
    expect(status.got.map((e) => e.topic)).toEqual(["indexer.status", "indexer.status.changed"]);
    await Promise.all([sub.unsubscribe(), statusSub.unsubscribe()]);
  });
});

describe("bad events", () => {
  it("go to the error hook with their topic and bytes, and the subscription keeps running", async () => {
    const errors: EventError[] = [];
    const c = collector<KoinosEvent>();
    let throwOnce = true;
    const sub = await bus.subscribe(
      KoinosEvents,
      "#",
      (e) => {
        if (e.topic === "koinos.gossip.status" && throwOnce) {
          throwOnce = false;
          throw new Error("handler bug");
        }
        c.handler(e);
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
    expect(c.got.map((e) => e.topic)).toEqual(["koinos.block.irreversible"]);
    // The fence counts as handled too.
    expect(sub.counters).toMatchObject({ handled: 2, errors: 3 });
    await sub.unsubscribe();
  });

  it("without a hook are reported as the bus's event-error", async () => {
    const reported = new Promise<string>((resolve) => bus.on("event-error", (e) => resolve(e.reason)));
    const sub = await bus.subscribe(KoinosEvents, "koinos.block.irreversible", () => undefined);
    await publisher.publishRaw("koinos.block.irreversible", new Uint8Array([0x0a, 0x05]));
    expect(await reported).toMatch(/^the body does not decode/);
    await sub.unsubscribe();
  });
});

describe("unsubscribe", () => {
  it("removes the queue and stops deliveries", async () => {
    const c = collector<KoinosEvent>();
    const control = collector<KoinosEvent>();
    const sub = await bus.subscribe(KoinosEvents, "koinos.gossip.status", c.handler);
    const controlSub = await bus.subscribe(KoinosEvents, "koinos.gossip.status", control.handler);
    const queue = sub.queue;
    expect(queue).toMatch(/^amq\.gen-/);
    expect((await listRows("list_queues", vhost.name, ["name"])).flat()).toContain(queue);
    await sub.unsubscribe();
    await publisher.publish(KoinosEvents, "koinos.gossip.status", { enabled: true });
    await control.settle("koinos.gossip.status");
    expect(c.got).toEqual([]);
    await controlSub.unsubscribe();
    expect((await listRows("list_queues", vhost.name, ["name"])).flat()).not.toContain(queue);
  });
});

describe("the async iterable form", () => {
  it("yields events in order and unsubscribes when the loop ends", async () => {
    const stream = await bus.events(KoinosEvents, "koinos.block.irreversible", { bufferSize: 2 });
    for (let h = 1; h <= 5; h++) await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: String(h) } });
    const heights: string[] = [];
    for await (const e of stream) {
      heights.push(e.message.topology?.height ?? "");
      if (heights.length === 5) break;
    }
    expect(heights).toEqual(["1", "2", "3", "4", "5"]);
    expect(stream.subscription?.queue).toBeDefined();
    expect((await listRows("list_queues", vhost.name, ["name"])).flat()).not.toContain(stream.subscription?.queue);
  });
});

describe("raw events", () => {
  it("forward bytes unchanged, unknown fields included, where re-encoding would drop them", async () => {
    // block_accepted with field 15 (unknown to this schema) appended, as a newer chain might send.
    const known = blockAccepted.encode(blockAccepted.fromPartial({ live: true })).finish();
    const original = new Uint8Array([...known, 0x7a, 0x02, 0xca, 0xfe]);
    const relayed = collector<{ topic: string; bytes: Uint8Array }>();
    const relaySub = await bus.subscribeRaw("koinos.mempool.block_accepted", relayed.handler);
    // A relay like the mempool: takes koinos.block.accept and re-publishes the bytes as they came.
    const relay = await bus.subscribe(KoinosEvents, "koinos.block.accept", (e) => bus.publishRaw("koinos.mempool.block_accepted", e.bytes));
    await publisher.publishRaw("koinos.block.accept", original);
    // The relay publishes on bus's channel once it got the original; the fence follows it there.
    await vi.waitFor(() => expect(relayed.got).toHaveLength(1));
    await relayed.settle("koinos.mempool.block_accepted", bus);
    expect(relayed.got.map((e) => e.bytes)).toEqual([original]);
    expect(blockAccepted.encode(blockAccepted.decode(original)).finish()).not.toEqual(original);
    await Promise.all([relaySub.unsubscribe(), relay.unsubscribe()]);
  });
});

describe("publish", () => {
  it("with confirm resolves once the broker took the event", async () => {
    const c = collector<KoinosEvent>();
    const sub = await bus.subscribe(KoinosEvents, "koinos.block.irreversible", c.handler);
    await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "1" } }, { confirm: true });
    await vi.waitFor(() => expect(c.got).toHaveLength(1));
    expect(c.got).toHaveLength(1);
    await sub.unsubscribe();
  });

  it("rejects a wildcard or empty topic", async () => {
    await expect(publisher.publishRaw("koinos.block.*", new Uint8Array())).rejects.toThrow(/has a wildcard/);
    await expect(publisher.publishRaw("koinos..accept", new Uint8Array())).rejects.toThrow(/empty word/);
  });

  it("encodes with the topic's message, byte for byte as ts-proto does", async () => {
    const raw = collector<{ topic: string; bytes: Uint8Array }>();
    const sub = await bus.subscribeRaw("koinos.block.irreversible", raw.handler);
    await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "18446744073709551615", id: new Uint8Array([1]) } });
    await raw.settle("koinos.block.irreversible");
    expect(raw.got[0]?.bytes).toEqual(blockIrreversible.encode(blockIrreversible.fromPartial({ topology: { height: "18446744073709551615", id: new Uint8Array([1]) } })).finish());
    await sub.unsubscribe();
  });
});
