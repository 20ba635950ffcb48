import { describe, expect, it, vi } from "vitest";
import { BusClosedError, type CallContext } from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { P2pClient, P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer, p2pServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/** Stopping servers and closing buses: what started finishes, what did not goes to another server, nothing hangs. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const args = (label: string) => ({ args: new TextEncoder().encode(label) });
const label = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A promise with its resolve, to hold a handler until the test lets it go. */
function latch(): { promise: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe("a stopping server", () => {
  it("gives requests it holds but has not started back to the queue at once, for another server", async () => {
    const held = latch();
    const started: string[] = [];
    const a: ChainServer = {
      ...chainServer,
      readContract: async (req) => {
        started.push(`a:${label(req.args)}`);
        await held.promise;
        return { result: req.args };
      },
    };
    const b: ChainServer = {
      ...chainServer,
      readContract: (req, context: CallContext) => {
        started.push(`b:${label(req.args)}${context.redelivered ? " (redelivered)" : ""}`);
        return { result: req.args };
      },
    };
    // Concurrency 1, prefetch 2: the second request waits inside server a.
    const busA = await openBus();
    const servedA = await busA.serve(ChainService, a, { concurrency: 1 });
    const chain = new ChainClient(await openBus());
    const first = chain.readContract(args("first"), { timeoutMs: 20_000 });
    await vi.waitFor(() => expect(started).toEqual(["a:first"]));
    const second = chain.readContract(args("second"), { timeoutMs: 20_000 });
    // Delivered to a (its prefetch has room) and waiting there behind the first.
    await vi.waitFor(() => expect(busA.stats().servers["koinos.rpc.chain"]?.inFlight).toBe(2));
    const servedB = await (await openBus()).serve(ChainService, b);
    const stopped = servedA.stop();
    // Answered by b while a's first handler still runs: it did not wait for a's drain.
    expect(label((await second).result)).toBe("second");
    expect(started).toContain("b:second (redelivered)");
    held.release();
    expect(label((await first).result)).toBe("first");
    await stopped;
    expect(servedA.counters.requeued).toBe(1);
    await servedB.stop();
  });
});

describe("bus.close()", () => {
  it("lets a running handler call another service and publish while it drains, then closes", async () => {
    await (await openBus()).serve(P2pService, p2pServer);
    const held = latch();
    const inHandler = latch();
    const draining = await openBus();
    const published: unknown[] = [];
    const watcher = await openBus();
    await watcher.subscribe(KoinosEvents, "koinos.gossip.status", (e) => void published.push(e.message));
    await draining.serve(ChainService, {
      ...chainServer,
      readContract: async (req) => {
        inHandler.release();
        await held.promise;
        // The bus is closing: these must still work.
        const status = await new P2pClient(draining).getGossipStatus();
        await draining.publish(KoinosEvents, "koinos.gossip.status", { enabled: status.enabled });
        return { result: req.args };
      },
    });
    const call = new ChainClient(await openBus()).readContract(args("drained"), { timeoutMs: 20_000 });
    await inHandler.promise;
    const closed = draining.close();
    await vi.waitFor(() => expect(draining.state).toBe("closing"));
    // New intake is refused while it drains.
    await expect(draining.serve(P2pService, p2pServer)).rejects.toBeInstanceOf(BusClosedError);
    held.release();
    expect(label((await call).result)).toBe("drained");
    await closed;
    expect(draining.state).toBe("closed");
    await vi.waitFor(() => expect(published).toEqual([{ enabled: true }]));
    // Once closed, calls are refused.
    await expect(new P2pClient(draining).getGossipStatus()).rejects.toBeInstanceOf(BusClosedError);
  });

  it("ends bus.events() loops quietly", async () => {
    const bus = await openBus();
    const stream = await bus.events(KoinosEvents, "koinos.block.*");
    const loop = (async () => {
      for await (const event of stream) void event;
      return "ended";
    })();
    await bus.close();
    expect(await loop).toBe("ended");
  });
});

describe("an onError hook that throws", () => {
  it("does not stall the subscription: each event is acked, and the hook's error reported as event-error", async () => {
    const bus = await openBus();
    const reported: string[] = [];
    bus.on("event-error", (e) => reported.push(e.reason));
    const handled: string[] = [];
    const subscription = await bus.subscribe(
      KoinosEvents,
      "koinos.block.irreversible",
      (e) => {
        const height = e.message.topology?.height ?? "";
        if (height !== "999") throw new Error(`cannot handle ${height}`);
        handled.push(height);
      },
      {
        prefetch: 2,
        onError: () => {
          throw new Error("the hook is broken");
        },
      },
    );
    const publisher = await openBus();
    for (let i = 0; i < 6; i++) await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: String(i) } });
    await publisher.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "999" } });
    await vi.waitFor(() => expect(handled).toEqual(["999"]));
    expect(subscription.counters.errors).toBe(6);
    expect(reported).toHaveLength(6);
    expect(reported[0]).toBe("the onError hook threw: the hook is broken (while reporting: the handler threw: cannot handle 0)");
  });
});

describe("a logger that throws", () => {
  it("cannot keep a request from its answer: it is warned about once and ignored", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const down = () => {
        throw new Error("log sink down");
      };
      const serving = await openBus({ logger: { debug: down, info: down, warn: down, error: down } });
      const failing: ChainServer = {
        ...chainServer,
        getChainId: () => {
          throw new Error("handler failed");
        },
      };
      await serving.serve(ChainService, failing);
      const chain = new ChainClient(await openBus());
      // Each failure makes the server log a warning through the broken logger.
      for (let i = 0; i < 3; i++) await expect(chain.getChainId()).rejects.toMatchObject({ reason: "handler failed" });
      await vi.waitFor(() => expect(warnings).toEqual(["KoinosMqLoggerWarning"]));
    } finally {
      process.off("warning", onWarning);
    }
  });
});
