import type { Bus } from "koinos-mq-ts";
import { BlockWatchEvents, BlockWatchService, blockWatchPayerTopic, type BlockWatchServer } from "./gen/block_watch/block_watch_mq.js";
import type { payerStats } from "./gen/block_watch/block_watch.js";
import type { blockTopology } from "./gen/koinos/common.js";
import { KoinosEvents } from "./gen/koinos/broadcast/broadcast_mq.js";
import { ChainClient } from "./gen/koinos/rpc/chain/chain_rpc_mq.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * block-watch on a bus: indexes `koinos.block.accept`, serves
 * `koinos.rpc.block_watch`, asks the chain for its head, and publishes
 * `block_watch.payer.<payer>` for each payer of each block.
 */
export async function startBlockWatch(bus: Bus): Promise<{ stop(): Promise<void> }> {
  const stats = new Map<string, payerStats>();
  let lastIndexed: blockTopology | undefined;
  const chain = new ChainClient(bus, { timeoutMs: 2000 });

  const server: BlockWatchServer = {
    getPayerStats: (request) => ({ stats: stats.get(hex(request.payer)) ?? { payer: request.payer } }),
    async getStatus(_request, context) {
      // The call to chain stops when our own caller gives up.
      const head = await chain.getHeadInfo({}, { signal: context.signal });
      return { lastIndexed, chainHeadHeight: head.headTopology?.height ?? "0" };
    },
  };
  const served = await bus.serve(BlockWatchService, server);

  // Blocks arrive one at a time, in order: the handler is awaited before the next one.
  const blocks = await bus.subscribe(KoinosEvents, "koinos.block.accept", async (event) => {
    const block = event.message.block;
    const height = block?.header?.height ?? "0";
    const perPayer = new Map<string, { payer: Uint8Array; transactions: number }>();
    for (const transaction of block?.transactions ?? []) {
      const payer = transaction.header?.payer ?? new Uint8Array();
      const entry = perPayer.get(hex(payer)) ?? { payer, transactions: 0 };
      entry.transactions++;
      perPayer.set(hex(payer), entry);
    }
    for (const [key, { payer, transactions }] of perPayer) {
      const previous = stats.get(key)?.transactions ?? 0;
      stats.set(key, { payer, transactions: previous + transactions, lastHeight: height });
      await bus.publish(BlockWatchEvents, blockWatchPayerTopic({ payer: key }), { payer, height, transactions });
    }
    lastIndexed = { id: block?.id ?? new Uint8Array(), height, previous: block?.header?.previous ?? new Uint8Array() };
  });

  return {
    async stop() {
      await blocks.unsubscribe();
      await served.stop();
    },
  };
}
