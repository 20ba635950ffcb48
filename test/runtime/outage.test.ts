import { describe, expect, it, vi } from "vitest";
import { ConnectionLostError, OverloadedError, RpcAbortedError, type Bus, type ConnectOptions } from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolClient } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { P2pClient, P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer, p2pServer } from "../helpers/fixture-servers.js";
import { queueInfo } from "../helpers/queue-info.js";
import { rabbitmqctl } from "../helpers/rabbitmqctl.js";
import { TcpProxy } from "../helpers/tcp-proxy.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * The broker goes away for one bus only: its connection runs through a TCP
 * proxy that the test cuts, stalls or makes refuse, while the broker itself
 * (shared with other test files) stays up.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const fast = { initialDelayMs: 20, maxDelayMs: 100 };

/** A bus whose connection goes through a fresh proxy. */
async function proxied(options: ConnectOptions = {}): Promise<{ bus: Bus; proxy: TcpProxy; failed: Promise<Error> }> {
  const proxy = await TcpProxy.start(vhost.url);
  const bus = await openBus({ url: proxy.url(vhost.url), reconnect: fast, ...options });
  const failed = new Promise<Error>((resolve) => bus.on("reconnect-failed", (e) => resolve(e.error)));
  return { bus, proxy, failed };
}

/** Cuts the bus off for good: connections dropped, new ones refused, until its reconnect budget is spent. */
async function cutOff(proxy: TcpProxy, failed: Promise<Error>): Promise<void> {
  proxy.mode = "refuse";
  proxy.dropAll();
  await failed;
}

describe("after the bus gave up reconnecting", () => {
  it("serve, subscribe, calls and publishes settle at once with ConnectionLostError", async () => {
    const { bus, proxy, failed } = await proxied({ reconnect: { ...fast, maxAttempts: 2 } });
    await cutOff(proxy, failed);
    expect(bus.state).toBe("failed");
    // Without a deadline or a signal, only the bus's failure can settle these.
    const outcomes = await Promise.all([
      bus.serve(ChainService, chainServer).catch((e: unknown) => e),
      bus.subscribe(KoinosEvents, "koinos.block.*", () => undefined).catch((e: unknown) => e),
      new ChainClient(bus).getHeadInfo({}, { timeoutMs: Infinity }).catch((e: unknown) => e),
      bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: Infinity }).catch((e: unknown) => e),
      bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: Infinity, confirm: true }).catch((e: unknown) => e),
    ]);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(ConnectionLostError);
      expect((outcome as Error).message).toContain("gave up reconnecting");
    }
  });

  it("calls and publishes that were waiting for the broker settle with the same error", async () => {
    const { bus, proxy, failed } = await proxied({ reconnect: { ...fast, maxAttempts: 10 } });
    proxy.mode = "refuse";
    proxy.dropAll();
    await vi.waitFor(() => expect(bus.state).toBe("reconnecting"));
    const call = new ChainClient(bus).getHeadInfo({}, { timeoutMs: Infinity }).catch((e: unknown) => e);
    const publish = bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: Infinity }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(bus.stats().pendingCalls).toBe(1));
    await failed;
    expect(await call).toBeInstanceOf(ConnectionLostError);
    expect(await publish).toBeInstanceOf(ConnectionLostError);
  });

  it("ends the for-await loop of bus.events() by throwing the cause", async () => {
    const { bus, proxy, failed } = await proxied({ reconnect: { ...fast, maxAttempts: 2 } });
    const stream = await bus.events(KoinosEvents, "koinos.block.irreversible");
    const loop = (async () => {
      for await (const event of stream) void event;
      return "ended quietly";
    })().catch((e: unknown) => e);
    await cutOff(proxy, failed);
    const outcome = await loop;
    expect(outcome).toBeInstanceOf(ConnectionLostError);
    expect(bus.stats().subscriptions).toBe(0);
  });
});

describe("during an outage", () => {
  it("serve and subscribe wait for the broker, bounded by readyTimeoutMs or a signal, and succeed once it is back", async () => {
    const { bus, proxy } = await proxied();
    proxy.mode = "stall";
    proxy.dropAll();
    await vi.waitFor(() => expect(proxy.stalled).toBe(1));
    const timedOut = await bus.serve(ChainService, chainServer, { readyTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(ConnectionLostError);
    const controller = new AbortController();
    const aborted = bus.subscribe(KoinosEvents, "#", () => undefined, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error("no longer needed"));
    expect(await aborted).toBeInstanceOf(Error);
    expect(await aborted).not.toBeInstanceOf(ConnectionLostError);
    const waiting = bus.serve(P2pService, p2pServer);
    proxy.release();
    const served = await waiting;
    expect(served.definition.routingKey).toBe("koinos.rpc.p2p");
    // The timed-out and aborted attempts left nothing behind.
    expect(Object.keys(bus.stats().servers)).toEqual(["koinos.rpc.p2p"]);
    expect(bus.stats().subscriptions).toBe(0);
  });

  it("maxPendingCalls counts a call from start to end, waiting for the broker or for its reply", async () => {
    const { bus, proxy } = await proxied({ maxPendingCalls: 3 });
    // A queue nobody consumes: calls wait for replies.
    await (await (await openBus()).serve(ChainService, chainServer)).stop();
    const chain = new ChainClient(bus);
    const waitingForReply = [chain.getHeadInfo({}, { timeoutMs: 20_000 }).catch((e: unknown) => e), chain.getHeadInfo({}, { timeoutMs: 20_000 }).catch((e: unknown) => e)];
    // Both requests are in the queue: the calls wait for replies now.
    await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(2), { timeout: 10_000 });
    expect(bus.stats().pendingCalls).toBe(2);
    proxy.mode = "stall";
    proxy.dropAll();
    for (const outcome of await Promise.all(waitingForReply)) expect(outcome).toBeInstanceOf(ConnectionLostError);
    // The connection is gone: one call waits for the broker, and a second one over the bound is refused.
    const waitingForBroker = [1, 2, 3].map(() => chain.getHeadInfo({}, { timeoutMs: 20_000 }).catch((e: unknown) => e));
    const refused = await chain.getHeadInfo({}, { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect(bus.stats().pendingCalls).toBe(3);
    proxy.release();
    await (await openBus()).serve(ChainService, chainServer);
    for (const answer of await Promise.all(waitingForBroker)) expect(answer).toMatchObject({ headTopology: { height: "42" } });
    expect(bus.stats().pendingCalls).toBe(0);
  });

  it("maxWaitingPublishes counts plain and confirmed publishes together", async () => {
    const { bus, proxy } = await proxied({ maxWaitingPublishes: 2 });
    await bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { confirm: true });
    await bus.publish(KoinosEvents, "koinos.block.irreversible", {});
    proxy.mode = "stall";
    proxy.dropAll();
    await vi.waitFor(() => expect(bus.state).toBe("reconnecting"));
    const plain = bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: 20_000 });
    const confirmed = bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: 20_000, confirm: true });
    const third = await bus.publish(KoinosEvents, "koinos.block.irreversible", {}, { timeoutMs: 20_000, confirm: true }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(OverloadedError);
    proxy.release();
    await Promise.all([plain, confirmed]);
  });
});

describe("bus.close() while the bus reconnects", () => {
  it("closes the connection still being opened as soon as it arrives, leaving none on the broker", async () => {
    const name = `close-while-reconnecting-${process.pid}`;
    const { bus, proxy } = await proxied({ name });
    proxy.mode = "stall";
    proxy.dropAll();
    await vi.waitFor(() => expect(proxy.stalled).toBe(1));
    const closed = bus.close();
    // The handshake held at the proxy completes only now, after close started.
    proxy.release();
    await closed;
    expect(bus.state).toBe("closed");
    const connections = await rabbitmqctl("list_connections", "--no-table-headers", "client_properties");
    expect(connections).not.toContain(name);
  });

  it("resolves when the socket died just before, though the broker can no longer answer the close", async () => {
    await (await openBus()).serve(P2pService, p2pServer);
    const { bus, proxy } = await proxied();
    // The bus has a reply channel and a publisher channel to close.
    await new P2pClient(bus).getGossipStatus();
    await bus.publish(KoinosEvents, "koinos.gossip.status", { enabled: true });
    proxy.mode = "refuse";
    proxy.dropAll();
    await bus.close();
    expect(bus.state).toBe("closed");
  });

  it("cuts a retry's pause short: the call settles with the bus", async () => {
    const { bus } = await proxied();
    // No queue is bound for mempool in this vhost, so every attempt fails at once with a retryable NoRouteError.
    const call = new MempoolClient(bus).getPendingTransactionCount({}, { timeoutMs: Infinity, retry: { initialDelayMs: 600_000, maxDelayMs: 600_000 } }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(bus.stats().client.returned).toBe(1));
    await bus.close();
    const outcome = await call;
    expect(outcome).toBeInstanceOf(Error);
    expect(outcome).not.toBeInstanceOf(RpcAbortedError);
    expect((outcome as Error).name).toBe("BusClosedError");
  });
});
