import { afterEach, expect, it, vi } from "vitest";
import { RpcAbortedError, RpcError, RpcTimeoutError, createMemoryBus, unimplemented, type MemoryBus } from "koinos-mq-ts";
import { BlockWatchClient, BlockWatchEvents, blockWatchPayerPattern, type BlockWatchEvent } from "../src/gen/block_watch/block_watch_mq.js";
import { KoinosEvents } from "../src/gen/koinos/broadcast/broadcast_mq.js";
import { ChainService, type ChainServer } from "../src/gen/koinos/rpc/chain/chain_rpc_mq.js";
import { startBlockWatch } from "../src/block-watch.js";

/**
 * Unit tests of block-watch on the memory bus: no broker, the same
 * semantics as RabbitMQ (test/block-watch.test.ts runs it there). The node
 * (chain, the blocks it accepts, whoever listens to block-watch) and
 * block-watch each have a bus of their own on one broker, as two processes
 * on one RabbitMQ.
 */
const buses: MemoryBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

const alice = new Uint8Array([0xa1, 0x1c, 0xe0]);
const bob = new Uint8Array([0xb0, 0xb0]);

function setUp() {
  const node = createMemoryBus({ name: "node" });
  const bus = createMemoryBus({ name: "block-watch", broker: node.broker });
  buses.push(node, bus);
  const activity: BlockWatchEvent[] = [];
  const listening = node.subscribe(BlockWatchEvents, blockWatchPayerPattern(), (event) => void activity.push(event));
  const accept = (height: string, payers: Uint8Array[]) =>
    node.publish(KoinosEvents, "koinos.block.accept", {
      block: { id: new Uint8Array([Number(height)]), header: { height }, transactions: payers.map((payer) => ({ header: { payer } })) },
      live: true,
    });
  return { node, bus, activity, listening, accept, client: new BlockWatchClient(node) };
}

const headOnly = (height: string): ChainServer => ({ ...unimplemented(ChainService), getHeadInfo: () => ({ headTopology: { height } }) });

it("indexes accepted blocks, counts per payer, and broadcasts each payer's activity per block", async () => {
  const { node, bus, activity, listening, accept, client } = setUp();
  await listening;
  await node.serve(ChainService, headOnly("10"));
  await startBlockWatch(bus);
  await accept("7", [alice, bob, alice]);
  await accept("8", [bob]);
  await vi.waitFor(() => expect(activity).toHaveLength(3));
  expect(activity.map((e) => [e.topic, e.message.height, e.message.transactions])).toEqual([
    ["block_watch.payer.a11ce0", "7", 2],
    ["block_watch.payer.b0b0", "7", 1],
    ["block_watch.payer.b0b0", "8", 1],
  ]);
  expect((await client.getPayerStats({ payer: alice })).stats).toEqual({ payer: alice, transactions: 2, lastHeight: "7" });
  expect((await client.getPayerStats({ payer: bob })).stats).toEqual({ payer: bob, transactions: 2, lastHeight: "8" });
  expect(await client.getStatus()).toMatchObject({ lastIndexed: { height: "8" }, chainHeadHeight: "10" });
});

it("answers get_status with an error while the chain is not on the bus", async () => {
  const { node, bus, client } = setUp();
  await startBlockWatch(bus);
  const error = await client.getStatus().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).reason).toContain("no queue is bound to koinos.rpc under koinos.rpc.chain");
  await node.serve(ChainService, headOnly("12"));
  expect((await client.getStatus()).chainHeadHeight).toBe("12");
});

it("stops asking the chain when its own caller gives up", async () => {
  const { node, bus, client } = setUp();
  // A chain that answers only when the test is over.
  let answer = () => undefined as void;
  await node.serve(ChainService, {
    ...unimplemented(ChainService),
    getHeadInfo: () => new Promise((resolve) => (answer = () => resolve({}))),
  });
  const failures: unknown[] = [];
  bus.on("handler-error", (e) => failures.push(e.error));
  await startBlockWatch(bus);
  await expect(client.getStatus({}, { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
  // Its call to chain was aborted by its caller's deadline, not left to time out on its own.
  await vi.waitFor(() => expect(failures).toHaveLength(1));
  expect(failures[0]).toBeInstanceOf(RpcAbortedError);
  answer();
});

it("follows blocks again once its connection is back; those accepted while it was away are missed", async () => {
  const { node, bus, activity, listening, accept, client } = setUp();
  await listening;
  await node.serve(ChainService, headOnly("20"));
  await startBlockWatch(bus);
  await accept("7", [alice]);
  await vi.waitFor(() => expect(activity).toHaveLength(1));
  bus.disconnect();
  await accept("8", [alice]);
  bus.reconnect();
  await accept("9", [alice]);
  await vi.waitFor(() => expect(activity).toHaveLength(2));
  expect(activity.map((e) => e.message.height)).toEqual(["7", "9"]);
  expect((await client.getPayerStats({ payer: alice })).stats).toEqual({ payer: alice, transactions: 2, lastHeight: "9" });
});

it("stop() ends serving and following: calls then wait in its queue, and blocks go unindexed", async () => {
  const { node, bus, activity, listening, accept, client } = setUp();
  await listening;
  const watch = await startBlockWatch(bus);
  await watch.stop();
  await accept("7", [alice]);
  await expect(client.getPayerStats({ payer: alice }, { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
  expect(node.broker.queue("koinos.rpc.block_watch")).toMatchObject({ consumers: 0 });
  expect(activity).toEqual([]);
});
