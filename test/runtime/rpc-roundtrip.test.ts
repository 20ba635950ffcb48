import { beforeAll, describe, expect, it } from "vitest";
import type { Bus } from "koinos-mq-ts";
import { BlockStoreClient, BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolClient, MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { P2pClient, P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { KoinosClient } from "../../generated/koinos/rpc/services_mq.js";
import { busFactory } from "../helpers/buses.js";
import { blockStoreServer, bytes, chainServer, headTopology, mempoolServer, p2pServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
let client: Bus;

beforeAll(async () => {
  const server = await openBus();
  await server.serve(ChainService, chainServer);
  await server.serve(MempoolService, mempoolServer);
  await server.serve(BlockStoreService, blockStoreServer);
  await server.serve(P2pService, p2pServer);
  client = await openBus();
});

const text = (value: Uint8Array) => new TextDecoder().decode(value);

describe("every chain method round-trips through ChainClient and a ChainServer", () => {
  it("submit_block", async () => {
    const r = await new ChainClient(client).submitBlock({ block: { id: bytes(7), header: { height: "99" } } });
    expect(r.receipt?.id).toEqual(bytes(7));
    expect(r.receipt?.height).toBe("99");
  });
  it("submit_transaction", async () => {
    const r = await new ChainClient(client).submitTransaction({ transaction: { id: bytes(1, 2) }, broadcast: true });
    expect(r.receipt).toMatchObject({ id: bytes(1, 2), reverted: true, logs: ["applied"] });
  });
  it("get_head_info, with the empty request left out and 64-bit values as strings", async () => {
    const r = await new ChainClient(client).getHeadInfo();
    expect(r.headTopology).toEqual(headTopology);
    expect(r.lastIrreversibleBlock).toBe("18446744073709551615");
    expect(r.headBlockTime).toBe("1700000000000");
    expect(r.headStateMerkleRoot).toEqual(bytes(1, 2, 3));
  });
  it("get_chain_id", async () => {
    expect(text((await new ChainClient(client).getChainId()).chainId)).toBe("koinos-test-chain");
  });
  it("get_fork_heads, with a repeated nested message", async () => {
    const r = await new ChainClient(client).getForkHeads({});
    expect(r.forkHeads.map((h) => h.height)).toEqual(["42", "43"]);
    expect(r.lastIrreversibleBlock).toEqual(headTopology);
  });
  it("read_contract", async () => {
    const r = await new ChainClient(client).readContract({ contractId: bytes(5), entryPoint: 0x82a3537f, args: bytes(9, 8) });
    expect(r).toEqual({ result: bytes(9, 8), logs: ["entry point 2191741823"] });
  });
  it("get_account_nonce", async () => {
    expect((await new ChainClient(client).getAccountNonce({ account: bytes(4, 4) })).nonce).toEqual(bytes(4, 4));
  });
  it("get_account_rc", async () => {
    expect((await new ChainClient(client).getAccountRc({ account: bytes(1, 2, 3) })).rc).toBe("3000");
  });
  it("get_resource_limits, beyond 2^53", async () => {
    const r = await new ChainClient(client).getResourceLimits();
    expect(r.resourceLimitData).toMatchObject({ diskStorageLimit: "1", computeBandwidthCost: "9007199254740993", diskStorageCost: "0" });
  });
  it("invoke_system_call: a negative int64 in a oneof, and an optional message present or absent", async () => {
    const chain = new ChainClient(client);
    expect(text((await chain.invokeSystemCall({ id: "-5", callerData: { callerPrivilege: 1 } })).value)).toBe("-5|-|privilege 1");
    expect(text((await chain.invokeSystemCall({ name: "get_head_info" })).value)).toBe("-|get_head_info|no caller");
    expect(text((await chain.invokeSystemCall({ callerData: {} })).value)).toBe("-|-|privilege 0");
  });
  it("propose_block, with a packed repeated scalar", async () => {
    const r = await new ChainClient(client).proposeBlock({ block: { transactions: [{}, {}, {}, {}] } });
    expect(r.failedTransactionIndices).toEqual([1, 3]);
    expect(r.receipt).toBeUndefined();
  });
});

describe("every mempool method round-trips", () => {
  const mempool = () => new MempoolClient(client);
  it("check_pending_account_resources", async () => {
    expect((await mempool().checkPendingAccountResources({ payer: bytes(1), maxPayerRc: "10", rcLimit: "5" })).success).toBe(true);
    expect((await mempool().checkPendingAccountResources({ maxPayerRc: "1", rcLimit: "5" })).success).toBe(false);
  });
  it("get_pending_transactions", async () => {
    const r = await mempool().getPendingTransactions({ limit: "3" });
    expect(r.pendingTransactions.map((p) => p.transaction?.header?.rcLimit)).toEqual(["0", "1", "2"]);
  });
  it("check_account_nonce: an optional field unset and set", async () => {
    expect((await mempool().checkAccountNonce({ nonce: bytes(1) })).success).toBe(true);
    expect((await mempool().checkAccountNonce({ nonce: bytes(1), blockId: bytes() })).success).toBe(false);
  });
  it("get_reserved_account_rc", async () => {
    expect((await mempool().getReservedAccountRc({ account: bytes(1, 1) })).rc).toBe("2");
  });
  it("get_pending_nonce: an optional bytes field set to empty still arrives as set", async () => {
    expect((await mempool().getPendingNonce({ blockId: bytes() })).nonce).toEqual(bytes());
    expect((await mempool().getPendingNonce({})).nonce).toEqual(bytes(0));
  });
  it("get_pending_transaction_count", async () => {
    expect((await mempool().getPendingTransactionCount({ blockId: bytes(1, 2, 3, 4) })).count).toBe("4");
  });
  it("get_pending_transactions_by_id", async () => {
    const r = await mempool().getPendingTransactionsById({ transactionIds: [bytes(1), bytes(2)] });
    expect(r.pendingTransactions.map((p) => p.transaction?.id)).toEqual([bytes(1), bytes(2)]);
  });
});

describe("every block_store and p2p method round-trips", () => {
  it("get_blocks_by_id", async () => {
    const r = await new BlockStoreClient(client).getBlocksById({ blockIds: [bytes(1), bytes(2)], returnBlock: true });
    expect(r.blockItems.map((b) => [b.blockHeight, b.block?.id])).toEqual([
      ["1", bytes(1)],
      ["2", bytes(2)],
    ]);
  });
  it("get_blocks_by_height", async () => {
    const r = await new BlockStoreClient(client).getBlocksByHeight({ headBlockId: bytes(3), ancestorStartHeight: "18446744073709551610", numBlocks: 2 });
    expect(r.blockItems.map((b) => b.blockHeight)).toEqual(["18446744073709551610", "18446744073709551611"]);
  });
  it("add_block, with an empty response", async () => {
    expect(await new BlockStoreClient(client).addBlock({ blockToAdd: { id: bytes(1) } })).toEqual({});
  });
  it("get_highest_block", async () => {
    expect((await new BlockStoreClient(client).getHighestBlock()).topology).toEqual(headTopology);
  });
  it("get_gossip_status", async () => {
    expect(await new P2pClient(client).getGossipStatus()).toEqual({ enabled: true });
  });
});

describe("the gateway client (service koinos)", () => {
  it("sends each method to the queue of the service that owns it", async () => {
    const koinos = new KoinosClient(client);
    expect((await koinos.getHighestBlock()).topology).toEqual(headTopology);
    expect((await koinos.getBlocksById({ blockIds: [bytes(9)] })).blockItems[0]?.blockId).toEqual(bytes(9));
    expect((await koinos.getHeadInfo()).lastIrreversibleBlock).toBe("18446744073709551615");
    expect(text((await koinos.getChainId()).chainId)).toBe("koinos-test-chain");
    expect((await koinos.readContract({ args: bytes(1) })).result).toEqual(bytes(1));
    expect((await koinos.submitTransaction({ broadcast: false })).receipt?.reverted).toBe(false);
    expect((await koinos.getPendingTransactions({ limit: "1" })).pendingTransactions).toHaveLength(1);
    expect(await koinos.getGossipStatus()).toEqual({ enabled: true });
  });
});

describe("client defaults", () => {
  it("apply where a call leaves an option unset", async () => {
    const chain = new ChainClient(client, { signal: AbortSignal.abort("default signal") });
    await expect(chain.getHeadInfo()).rejects.toMatchObject({ code: "ABORTED", cause: "default signal" });
    // The call's own option wins over the default.
    await expect(chain.getHeadInfo({}, { signal: new AbortController().signal })).resolves.toMatchObject({ headTopology });
  });
});
