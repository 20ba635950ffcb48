import { describe, expect, it, vi } from "vitest";
import { BusClosedError, DeclarationError, InvalidArgumentError, RpcTimeoutError, type Bus, type CallContext } from "koinos-mq-ts";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { P2pClient, P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { queueInfo } from "../helpers/queue-info.js";
import { chainServer, p2pServer } from "../helpers/fixture-servers.js";
import { rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

/**
 * A chain server whose read_contract, called with a label as args, waits
 * until the test releases that label (or its signal fires), and records
 * what it saw.
 */
function recordingServer() {
  const log = { started: [] as string[], aborted: [] as unknown[] };
  const releases = new Map<string, () => void>();
  const impl: ChainServer = {
    ...chainServer,
    readContract: async (req, context: CallContext) => {
      const label = new TextDecoder().decode(req.args);
      log.started.push(label);
      await new Promise<void>((resolve) => {
        releases.set(label, resolve);
        context.signal.addEventListener("abort", () => {
          log.aborted.push(context.signal.reason);
          resolve();
        });
      });
      return { result: req.args };
    },
  };
  const release = (label: string) => releases.get(label)?.();
  return { impl, log, release };
}
const args = (label: string) => ({ args: new TextEncoder().encode(label) });
/** Requests a bus's server of chain holds now, running or waiting for a handler. */
const held = (bus: Bus) => bus.stats().servers["koinos.rpc.chain"]?.inFlight ?? 0;

describe("competing servers", () => {
  it("share the load of one queue", async () => {
    const a = await (await openBus()).serve(ChainService, chainServer, { concurrency: 4 });
    const b = await (await openBus()).serve(ChainService, chainServer, { concurrency: 4 });
    const chain = new ChainClient(await openBus());
    await Promise.all(Array.from({ length: 200 }, () => chain.getHeadInfo()));
    expect(a.counters.handled + b.counters.handled).toBe(200);
    expect(a.counters.handled).toBeGreaterThan(20);
    expect(b.counters.handled).toBeGreaterThan(20);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe("a request whose caller stopped waiting before a handler was free", () => {
  it("is not executed", async () => {
    const { impl, log, release } = recordingServer();
    const serving = await openBus();
    const served = await serving.serve(ChainService, impl, { concurrency: 1 });
    const chain = new ChainClient(await openBus());
    const first = chain.readContract(args("first"), { timeoutMs: 20_000 });
    await vi.waitFor(() => expect(log.started).toEqual(["first"]));
    // Delivered at once (prefetch is twice the concurrency) but queued behind "first" past its deadline.
    await expect(chain.readContract(args("second"), { timeoutMs: 150 })).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(held(serving)).toBe(2);
    release("first");
    await first;
    await vi.waitFor(() => expect(served.counters.expired).toBe(1));
    expect(log.started).toEqual(["first"]);
    await served.stop();
  });
});

describe("a server started on a backlog", () => {
  it("answers every request that waited in the queue, those delivered while it was still starting too", async () => {
    const chain = new ChainClient(await openBus());
    // Declares the queue, so that the requests wait in it.
    await (await (await openBus()).serve(ChainService, chainServer)).stop();
    const waiting = Array.from({ length: 50 }, () => chain.getHeadInfo({}, { timeoutMs: 20_000 }));
    await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(50), { timeout: 10_000 });
    const served = await (await openBus()).serve(ChainService, chainServer);
    expect((await Promise.all(waiting)).map((r) => r.headTopology?.height)).toEqual(Array(50).fill("42"));
    await served.stop();
  });
});

describe("serve", () => {
  it("rejects when the queue exists with other flags, and the bus keeps working", async () => {
    const { channel } = await openRaw();
    await channel.assertQueue("koinos.rpc.p2p", { durable: false, autoDelete: true });
    const bus = await openBus();
    await expect(bus.serve(P2pService, p2pServer)).rejects.toBeInstanceOf(DeclarationError);
    const served = await bus.serve(ChainService, chainServer);
    expect((await new ChainClient(bus).getHeadInfo()).headTopology?.height).toBe("42");
    await served.stop();
    await channel.deleteQueue("koinos.rpc.p2p");
  });

  it("refuses an implementation that lacks methods, naming them", async () => {
    const bus = await openBus();
    const partial = { getGossipStatus: undefined } as unknown as typeof p2pServer;
    const error = await bus.serve(P2pService, partial).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe("serve p2p: the implementation lacks getGossipStatus");
  });

  it("refuses a concurrency that is not a whole number", async () => {
    const bus = await openBus();
    await expect(bus.serve(P2pService, p2pServer, { concurrency: 0.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("stopping a server", () => {
  it("lets running handlers finish and reply, and leaves later requests to other servers", async () => {
    const { impl, log, release } = recordingServer();
    const served = await (await openBus()).serve(ChainService, impl);
    const chain = new ChainClient(await openBus());
    const running = chain.readContract(args("running"), { timeoutMs: 20_000 });
    await vi.waitFor(() => expect(log.started).toEqual(["running"]));
    const stopped = served.stop();
    // Once the server has stopped consuming (its handler still running), a new request waits in the queue.
    await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.consumers).toBe(0), { timeout: 10_000 });
    const later = chain.readContract(args("later"), { timeoutMs: 20_000 });
    await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(1), { timeout: 10_000 });
    release("running");
    expect(new TextDecoder().decode((await running).result)).toBe("running");
    await stopped;
    expect(log.started).toEqual(["running"]);
    const next = await (await openBus()).serve(ChainService, chainServer);
    expect((await later).result).toEqual(args("later").args);
    await next.stop();
  });

  it("aborts handlers still running at the drain deadline", async () => {
    const { impl, log } = recordingServer();
    const served = await (await openBus()).serve(ChainService, impl, { drainTimeoutMs: 100 });
    const chain = new ChainClient(await openBus());
    const running = chain.readContract(args("stuck"), { timeoutMs: 20_000 });
    await vi.waitFor(() => expect(log.started).toEqual(["stuck"]));
    await served.stop();
    expect(log.aborted).toHaveLength(1);
    expect(log.aborted[0]).toBeInstanceOf(BusClosedError);
    // The handler returned once aborted, so its caller still got an answer.
    expect((await running).result).toEqual(args("stuck").args);
  });
});

describe("a handler that ignores its abort signal", () => {
  it("cannot hold the server's stop: it closes a second after the drain deadline", async () => {
    let release = () => undefined as void;
    let started = false;
    const stuck: ChainServer = {
      ...chainServer,
      submitBlock: () =>
        new Promise((resolve) => {
          started = true;
          release = () => resolve({});
        }),
    };
    const served = await (await openBus()).serve(ChainService, stuck, { drainTimeoutMs: 100 });
    const call = new ChainClient(await openBus()).submitBlock({}, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(started).toBe(true));
    // Without the bound this would wait for the handler, i.e. forever.
    await served.stop();
    release();
    // The request was never acked: the broker keeps it for the next server.
    const next = await (await openBus()).serve(ChainService, chainServer);
    expect(await call).toMatchObject({ receipt: {} });
    await next.stop();
  });
});

describe("closing a bus", () => {
  it("is harmless twice, and calls and serves after it fail with BusClosedError", async () => {
    const bus = await openBus();
    await new P2pClient(bus).getGossipStatus().catch(() => undefined);
    await Promise.all([bus.close(), bus.close()]);
    await bus.close();
    await expect(new ChainClient(bus).getHeadInfo()).rejects.toBeInstanceOf(BusClosedError);
    await expect(bus.serve(ChainService, chainServer)).rejects.toBeInstanceOf(BusClosedError);
  });

  it("fails calls still waiting for replies with BusClosedError", async () => {
    const bus = await openBus();
    const { impl, log, release } = recordingServer();
    const served = await (await openBus()).serve(ChainService, impl);
    const waiting = new ChainClient(bus).readContract(args("waiting"), { timeoutMs: 20_000 }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(log.started).toEqual(["waiting"]));
    await bus.close();
    expect(await waiting).toBeInstanceOf(BusClosedError);
    release("waiting");
    await served.stop();
  });
});
