import { afterAll, expect, it, vi } from "vitest";
import { connect, unimplemented, type Bus } from "koinos-mq-ts";
import { BlockWatchClient, BlockWatchEvents, blockWatchPayerPattern, type BlockWatchEvent } from "../src/gen/block_watch/block_watch_mq.js";
import { KoinosEvents } from "../src/gen/koinos/broadcast/broadcast_mq.js";
import { ChainService } from "../src/gen/koinos/rpc/chain/chain_rpc_mq.js";
import { startBlockWatch } from "../src/block-watch.js";

const url = process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";
const buses: Bus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
});

const alice = new Uint8Array([0xa1, 0x1c, 0xe0]);
const bob = new Uint8Array([0xb0, 0xb0]);

it("indexes accepted blocks, answers about payers and status, and broadcasts payer activity", async () => {
  // The node side: a chain that answers get_head_info, and the blocks it accepts.
  const node = await connect(url);
  buses.push(node);
  await node.serve(ChainService, { ...unimplemented(ChainService), getHeadInfo: () => ({ headTopology: { height: "10" } }) });
  const activity: BlockWatchEvent[] = [];
  await node.subscribe(BlockWatchEvents, blockWatchPayerPattern(), (event) => void activity.push(event));

  const bus = await connect({ url, name: "block-watch-under-test" });
  buses.push(bus);
  const watch = await startBlockWatch(bus);

  await node.publish(KoinosEvents, "koinos.block.accept", {
    block: {
      id: new Uint8Array([7]),
      header: { height: "7" },
      transactions: [{ header: { payer: alice } }, { header: { payer: bob } }, { header: { payer: alice } }],
    },
    live: true,
  });
  await vi.waitFor(() => expect(activity).toHaveLength(2));
  expect(activity.map((e) => [e.topic, e.message.transactions])).toEqual([
    ["block_watch.payer.a11ce0", 2],
    ["block_watch.payer.b0b0", 1],
  ]);

  const client = new BlockWatchClient(node);
  expect((await client.getPayerStats({ payer: alice })).stats).toEqual({ payer: alice, transactions: 2, lastHeight: "7" });
  expect(await client.getStatus()).toMatchObject({ lastIndexed: { height: "7" }, chainHeadHeight: "10" });
  await watch.stop();
});
