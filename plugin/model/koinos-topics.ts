/**
 * The topics Koinos services publish on `koinos.event`, and the message each
 * carries (koinos-chain, koinos-mempool, koinos-p2p). The schema does not say
 * them, so the plugin knows them; `event_topic` options can override them.
 */
export const koinosTopics: readonly { readonly topic: string; readonly typeName: string; readonly doc: string }[] = [
  { topic: "koinos.block.accept", typeName: "koinos.broadcast.block_accepted", doc: "Published by the chain after it applied a block." },
  { topic: "koinos.block.irreversible", typeName: "koinos.broadcast.block_irreversible", doc: "Published by the chain for every applied block, before koinos.block.accept." },
  { topic: "koinos.block.forks", typeName: "koinos.broadcast.fork_heads", doc: "Published by the chain after koinos.block.accept: the fork heads and the last irreversible block." },
  { topic: "koinos.transaction.accept", typeName: "koinos.broadcast.transaction_accepted", doc: "Published by the chain for a transaction submitted with broadcast set." },
  { topic: "koinos.transaction.fail", typeName: "koinos.broadcast.transaction_failed", doc: "Published by the chain for a transaction that failed in a block." },
  { topic: "koinos.mempool.accept", typeName: "koinos.broadcast.mempool_accepted", doc: "Published by the mempool after it added a pending transaction." },
  { topic: "koinos.mempool.block_accepted", typeName: "koinos.broadcast.block_accepted", doc: "Re-published by the mempool, bytes unchanged, after it processed a koinos.block.accept." },
  { topic: "koinos.gossip.status", typeName: "koinos.broadcast.gossip_status", doc: "Published by p2p when gossip turns on or off." },
  { topic: "koinos.event.{contract}.{name}", typeName: "koinos.broadcast.event_parcel", doc: "Published by the chain for each contract event: contract is the base58 address of the contract, name the event name (it may contain dots)." },
];
