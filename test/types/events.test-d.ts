import { describe, expectTypeOf, test } from "vitest";
import type { Bus, Event } from "koinos-mq-ts";
import type {
  blockAccepted,
  blockIrreversible,
  eventParcel,
  forkHeads,
  mempoolAccepted,
  transactionAccepted,
} from "../../generated/koinos/broadcast/broadcast.js";
import { KoinosEvents, koinosEventPattern, koinosEventTopic, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { IndexerEvents, indexerAccountTopic } from "../../generated/indexer/indexer_mq.js";
import type { accountActivity, statusChanged } from "../../generated/indexer/indexer.js";

declare const bus: Bus;

describe("a subscription pattern narrows the handler's event to the topics it can match", () => {
  test("koinos.block.* gives block_accepted | block_irreversible | fork_heads", () => {
    void bus.subscribe(KoinosEvents, "koinos.block.*", (e) => {
      expectTypeOf(e.topic).toEqualTypeOf<"koinos.block.accept" | "koinos.block.irreversible" | "koinos.block.forks">();
      expectTypeOf(e.message).toEqualTypeOf<blockAccepted | blockIrreversible | forkHeads>();
      if (e.topic === "koinos.block.accept") expectTypeOf(e.message).toEqualTypeOf<blockAccepted>();
    });
  });

  test("a concrete topic gives its one message", () => {
    void bus.subscribe(KoinosEvents, "koinos.block.irreversible", (e) => {
      expectTypeOf(e).toEqualTypeOf<Event<"koinos.block.irreversible", blockIrreversible>>();
    });
  });

  test("* matches one word anywhere: koinos.*.accept", () => {
    void bus.subscribe(KoinosEvents, "koinos.*.accept", (e) => {
      expectTypeOf(e.message).toEqualTypeOf<blockAccepted | transactionAccepted | mempoolAccepted>();
    });
  });

  test("# matches everything, contract events included", () => {
    expectTypeOf<KoinosEvent["topic"]>().toEqualTypeOf<
      | "koinos.block.accept"
      | "koinos.block.irreversible"
      | "koinos.block.forks"
      | "koinos.transaction.accept"
      | "koinos.transaction.fail"
      | "koinos.mempool.accept"
      | "koinos.mempool.block_accepted"
      | "koinos.gossip.status"
      | `koinos.event.${string}.${string}`
    >();
  });

  test("contract event patterns give event_parcel only", () => {
    void bus.subscribe(KoinosEvents, koinosEventPattern({ contract: "15DJN4a8SgrbGhhGksSBASiSYjGnMU8dGL" }), (e) => {
      expectTypeOf(e.message).toEqualTypeOf<eventParcel>();
      expectTypeOf(e.topic).toEqualTypeOf<`koinos.event.${string}.${string}`>();
    });
    void bus.subscribe(KoinosEvents, "koinos.event.#", (e) => expectTypeOf(e.message).toEqualTypeOf<eventParcel>());
  });

  test("the async iterable form narrows the same way", async () => {
    for await (const e of await bus.events(KoinosEvents, "koinos.mempool.#")) {
      expectTypeOf(e.message).toEqualTypeOf<mempoolAccepted | blockAccepted>();
    }
  });

  test("user-defined events with a parameterised topic", () => {
    void bus.subscribe(IndexerEvents, "indexer.account.*", (e) => expectTypeOf(e.message).toEqualTypeOf<accountActivity>());
    void bus.subscribe(IndexerEvents, "indexer.status.#", (e) => expectTypeOf(e.message).toEqualTypeOf<statusChanged>());
  });
});

describe("publish checks the payload against the topic", () => {
  test("a matching payload, partial as with fromPartial", () => {
    void bus.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "7" } });
    void bus.publish(KoinosEvents, koinosEventTopic({ contract: "1abc", name: "token.transfer" }), { height: "7", event: { name: "x" } });
    void bus.publish(IndexerEvents, indexerAccountTopic({ address: "1abc" }), { height: "5" });
  });

  test("a payload of another topic is rejected", () => {
    // @ts-expect-error block_irreversible has no field `live`
    void bus.publish(KoinosEvents, "koinos.block.irreversible", { live: true });
    // @ts-expect-error a height is a decimal string here (forceLong=string)
    void bus.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: 7 } });
  });

  test("a topic the map does not know is rejected", () => {
    // @ts-expect-error no such topic in KoinosEvents
    void bus.publish(KoinosEvents, "koinos.block.unknown", {});
  });
});
