import { beforeAll, describe, expect, it, vi } from "vitest";
import { ConnectionLostError, isRetryable, type Bus, type BusEvents, type ConnectOptions } from "koinos-mq-ts";
import { KoinosEvents, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolClient, MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { closeAllConnections, closeConnectionNamed, consumersByQueue } from "../helpers/faults.js";
import { chainServer, mempoolServer } from "../helpers/fixture-servers.js";
import { listRows, rabbitmqctl } from "../helpers/rabbitmqctl.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * Connections closed by the broker (`rabbitmqctl close_connection`,
 * `close_all_connections`) under a steady load of calls and events: every
 * bus recovers in place, no call is left hanging, consumers come back once.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const fast: ConnectOptions = { reconnect: { initialDelayMs: 50, maxDelayMs: 500 } };

/** Resolves with the next `event` the bus emits. */
function next<K extends keyof BusEvents>(bus: Bus, event: K): Promise<BusEvents[K]> {
  return new Promise((resolve) => {
    const off = bus.on(event, (payload) => {
      off();
      resolve(payload);
    });
  });
}

/** read_contract calls the server holds now; each answers once its reply path is gone (its caller's connection). */
let holding = 0;
const slowServer: ChainServer = {
  ...chainServer,
  readContract: async (req) => {
    holding++;
    await vi.waitFor(() => expect(client.stats().pendingCalls).toBe(0), { timeout: 20_000, interval: 20 });
    holding--;
    return { result: req.args };
  },
};

let server: Bus;
let client: Bus;
let watcher: Bus;

beforeAll(async () => {
  server = await openBus({ ...fast, name: "faults-server" });
  await server.serve(ChainService, slowServer);
  client = await openBus({ ...fast, name: "faults-client" });
  watcher = await openBus({ ...fast, name: "faults-watcher" });
});

describe("a lost reply path", () => {
  it("fails pending calls at once with a retryable ConnectionLostError, not a timeout", async () => {
    const chain = new ChainClient(client);
    const pending = Array.from({ length: 5 }, () => chain.readContract({ args: new TextEncoder().encode("held") }, { timeoutMs: 20_000 }).catch((e: unknown) => e));
    await vi.waitFor(() => expect(holding).toBe(5));
    expect(client.stats().pendingCalls).toBe(5);
    const reconnected = next(client, "connected");
    await closeConnectionNamed("faults-client");
    for (const error of await Promise.all(pending)) {
      expect(error).toBeInstanceOf(ConnectionLostError);
      expect(isRetryable(error)).toBe(true);
    }
    expect(client.stats().pendingCalls).toBe(0);
    expect(await reconnected).toMatchObject({ reconnected: true });
    expect((await chain.getHeadInfo()).headTopology?.height).toBe("42");
  });
});

describe("under steady load", () => {
  it("servers, clients and subscriptions recover from closed connections without duplicate consumers", { timeout: 120_000 }, async () => {
    const chain = new ChainClient(client);
    const events: KoinosEvent<"koinos.block.irreversible">[] = [];
    const subscription = await watcher.subscribe(KoinosEvents, "koinos.block.irreversible", (e) => void events.push(e));
    const outcomes = { started: 0, ok: 0, failed: [] as unknown[] };
    let running = true;
    const worker = async () => {
      while (running) {
        outcomes.started++;
        try {
          await chain.getHeadInfo({}, { timeoutMs: 15_000, retry: { attemptTimeoutMs: 3000, initialDelayMs: 50 } });
          outcomes.ok++;
        } catch (error) {
          outcomes.failed.push(error);
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    let published = 0;
    const publishing = (async () => {
      while (running) {
        await client.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: String(++published) } }).catch(() => undefined);
        // Paces the load: about one event per handful of milliseconds.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const progress = async () => {
      const before = outcomes.ok;
      await vi.waitFor(() => expect(outcomes.ok).toBeGreaterThan(before + 100), { timeout: 30_000 });
    };
    await progress();
    for (const [fault, buses] of [
      [() => closeConnectionNamed("faults-server"), [server]],
      [() => closeConnectionNamed("faults-client"), [client]],
      [() => closeConnectionNamed("faults-watcher"), [watcher]],
      [() => closeAllConnections(vhost.name), [server, client, watcher]],
    ] as const) {
      const recovered = Promise.all(buses.map((bus) => next(bus, "connected")));
      await fault();
      await recovered;
      await progress();
    }
    running = false;
    await Promise.all([...workers, publishing]);

    console.log(`calls: ${outcomes.ok} answered, ${outcomes.failed.length} failed (all retryable), ${published} events published`);
    expect(outcomes.ok + outcomes.failed.length).toBe(outcomes.started);
    expect(outcomes.failed.filter((e) => !isRetryable(e))).toEqual([]);
    expect(client.stats().pendingCalls).toBe(0);

    // Events published after the last recovery reach the subscription.
    const marker = String(1_000_000 + published);
    await client.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: marker } });
    await vi.waitFor(() => expect(events.map((e) => e.message.topology?.height)).toContain(marker));

    const consumers = await consumersByQueue(vhost.name);
    expect(consumers.get("koinos.rpc.chain")).toBe(1);
    expect(consumers.get(subscription.queue)).toBe(1);
    // The chain queue, the subscription and the client's reply queue: one consumer each.
    expect([...consumers.values()].reduce((a, b) => a + b, 0)).toBe(3);
    await subscription.unsubscribe();
  });
});

describe("a server that dies holding a request", () => {
  it("leaves it to another server, and the caller gets exactly one answer", async () => {
    const seen: { server: string; redelivered: boolean }[] = [];
    const holding: ChainServer = {
      ...chainServer,
      readContract: async (req, context) => {
        seen.push({ server: "a", redelivered: context.redelivered });
        // Holds the request until its connection is closed under it, as if its process died.
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        return { result: req.args };
      },
    };
    const other: ChainServer = {
      ...chainServer,
      readContract: (req, context) => {
        seen.push({ server: "b", redelivered: context.redelivered });
        return { result: req.args };
      },
    };
    await server.close();
    // Server a does not come back, as if its process had died.
    const a = await openBus({ name: "faults-server-a", reconnect: { maxAttempts: 0 } });
    await a.serve(ChainService, holding);
    const late = client.stats().client.lateReplies;
    const call = new ChainClient(client).readContract({ args: new TextEncoder().encode("held") }, { timeoutMs: 20_000 });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const b = await openBus({ name: "faults-server-b" });
    await b.serve(ChainService, other);
    await closeConnectionNamed("faults-server-a");
    expect(new TextDecoder().decode((await call).result)).toBe("held");
    expect(seen).toEqual([
      { server: "a", redelivered: false },
      { server: "b", redelivered: true },
    ]);
    // Server a could not reply on its lost connection: no late reply ever comes.
    expect(client.stats().client.lateReplies).toBe(late);
    await a.close();
    server = b;
  });
});

describe("a consumer the broker cancels", () => {
  it("comes back when its queue is deleted under it", async () => {
    await rabbitmqctl("delete_queue", "-p", vhost.name, "koinos.rpc.chain");
    await vi.waitFor(async () => expect((await consumersByQueue(vhost.name)).get("koinos.rpc.chain")).toBe(1), { timeout: 10_000 });
    expect((await new ChainClient(client).getHeadInfo()).headTopology?.height).toBe("42");
  });
});

describe("a reply queue deleted under a client", () => {
  it("fails the calls waiting on it at once and comes back with a new one", async () => {
    // A service whose queue exists but that no server consumes: the call waits for its reply.
    await (await server.serve(MempoolService, mempoolServer)).stop();
    const waiting = new MempoolClient(client).getPendingNonce({}, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(client.stats().pendingCalls).toBe(1));
    const replyQueues = (await listRows("list_queues", vhost.name, ["name"])).flat().filter((q) => q.startsWith("amq.gen-"));
    for (const queue of replyQueues) await rabbitmqctl("delete_queue", "-p", vhost.name, queue);
    expect(await waiting).toBeInstanceOf(ConnectionLostError);
    await vi.waitFor(async () => expect((await new ChainClient(client).getHeadInfo()).headTopology?.height).toBe("42"));
  });
});
