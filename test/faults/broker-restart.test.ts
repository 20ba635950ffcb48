import { expect, it, vi } from "vitest";
import { ConnectionLostError, OverloadedError, type ConnectOptions } from "koinos-mq-ts";
import { KoinosEvents, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { consumersByQueue, restartBroker } from "../helpers/faults.js";
import { queueInfo } from "../helpers/queue-info.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/** `rabbitmqctl stop_app` / `start_app`: the whole broker goes away and comes back. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const fast: ConnectOptions = { reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } };

it("keeps persistent requests in the durable queue, and restores servers, clients and subscriptions", { timeout: 180_000 }, async () => {
  const server = await openBus(fast);
  const served = await server.serve(ChainService, chainServer);
  // Requests are transient by default; this client opts in to persistence.
  const client = await openBus({ ...fast, maxWaitingPublishes: 3, requests: { persistent: true } });
  const chain = new ChainClient(client);
  const events: KoinosEvent<"koinos.block.irreversible">[] = [];
  const subscription = await client.subscribe(KoinosEvents, "koinos.block.irreversible", (e) => void events.push(e));
  expect((await chain.getHeadInfo()).headTopology?.height).toBe("42");

  // With no server consuming, 20 requests wait in the durable queue.
  await served.stop();
  const waiting = Array.from({ length: 20 }, () => chain.getHeadInfo({}, { timeoutMs: 60_000 }).catch((e: unknown) => e));
  await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(20));

  // While the broker is down, at most maxWaitingPublishes publishes wait; the rest fail at once.
  let publishes: Promise<unknown>[] = [];
  const down = restartBroker(3000);
  await vi.waitFor(() => expect(client.stats().connected).toBe(false), { timeout: 10_000 });
  publishes = Array.from({ length: 5 }, (_, i) =>
    client.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: String(i) } }, { timeoutMs: 60_000 }).catch((e: unknown) => e),
  );
  await down;

  // Calls waiting for replies when the connection went failed with a retryable error.
  for (const error of await Promise.all(waiting)) expect(error).toBeInstanceOf(ConnectionLostError);
  const settled = await Promise.all(publishes);
  expect(settled.filter((r) => r instanceof OverloadedError)).toHaveLength(2);
  expect(settled.filter((r) => r === undefined)).toHaveLength(3);

  // The persistent requests survived the restart: a new server answers all of them.
  await vi.waitFor(() => expect(client.stats().connected).toBe(true), { timeout: 30_000 });
  expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(20);
  const next = await server.serve(ChainService, chainServer);
  await vi.waitFor(() => expect(next.counters.handled).toBe(20), { timeout: 10_000 });

  // The subscription was re-declared before the waiting publishes went out, so it got them.
  await vi.waitFor(() => expect(events.map((e) => e.message.topology?.height)).toEqual(["0", "1", "2"]));
  expect((await chain.getHeadInfo()).headTopology?.height).toBe("42");

  const consumers = await consumersByQueue(vhost.name);
  expect(consumers.get("koinos.rpc.chain")).toBe(1);
  expect(consumers.get(subscription.queue)).toBe(1);
  expect([...consumers.values()].reduce((a, b) => a + b, 0)).toBe(3);
});
