import { Contract, Provider, Signer, utils } from "koilib";
import { beforeAll, describe, expect, it } from "vitest";
import { RpcError } from "koinos-mq-ts";
import { AccountHistoryService } from "../../generated/koinos/rpc/account_history/account_history_rpc_mq.js";
import { BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { ContractMetaStoreService } from "../../generated/koinos/rpc/contract_meta_store/contract_meta_store_rpc_mq.js";
import { TransactionStoreService } from "../../generated/koinos/rpc/transaction_store/transaction_store_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import {
  accountHistoryServer,
  blockStoreServer,
  bytes,
  chainServer,
  contractMetaStoreServer,
  transactionStoreServer,
} from "../helpers/fixture-servers.js";
import { gatewayFactory } from "../helpers/gateway.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * koilib's Provider (the client most Koinos apps use) against the gateway,
 * with generated TypeScript servers standing in for the node's services.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const startGateway = gatewayFactory();

const alice = Signer.fromSeed("alice").getAddress();
const broke = Signer.fromSeed("broke").getAddress();
const token = Signer.fromSeed("token").getAddress();
const reverting = Signer.fromSeed("reverting").getAddress();
const blockId = (n: number) => `0x1220${n.toString(16).padStart(64, "0")}`;
const BALANCE_OF = 0x5c721497;

/** A chain that answers what koilib decodes: a value_type nonce, an rc of 0 for `broke`, a token's balance_of. */
const chain: ChainServer = {
  ...chainServer,
  getHeadInfo: () => ({ headTopology: { id: Buffer.from(blockId(42).slice(2), "hex"), height: "42", previous: Buffer.from(blockId(41).slice(2), "hex") }, lastIrreversibleBlock: "40", headBlockTime: "1700000000123" }),
  // koinos.chain.value_type { uint64_value: 7 }
  getAccountNonce: () => ({ nonce: bytes(0x28, 0x07) }),
  getAccountRc: (req) => ({ rc: Buffer.from(req.account).equals(decode(broke)) ? "0" : "50000000" }),
  readContract: (req) => {
    if (Buffer.from(req.contractId).equals(decode(reverting))) throw new RpcError("contract reverted: insufficient balance", { data: JSON.stringify({ code: 1, logs: ["balance too low"] }) });
    // token.balance_of_result { value: 1234 }
    if (req.entryPoint === BALANCE_OF) return { result: bytes(0x08, 0xd2, 0x09), logs: [] };
    return { result: req.args, logs: ["read"] };
  },
  // A transaction whose rc_limit is 1 never gets an answer in time.
  submitTransaction: async (req, ctx) => {
    if (req.transaction?.header?.rcLimit === "1") await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
    return { receipt: { id: req.transaction?.id ?? bytes(), payer: req.transaction?.header?.payer ?? bytes(), rcUsed: "12", logs: ["applied"] } };
  },
};

const decode = (address: string) => Buffer.from(utils.decodeBase58(address));

let provider: Provider;
beforeAll(async () => {
  const bus = await openBus();
  await bus.serve(ChainService, chain);
  await bus.serve(BlockStoreService, blockStoreServer);
  await bus.serve(TransactionStoreService, transactionStoreServer);
  await bus.serve(ContractMetaStoreService, contractMetaStoreServer);
  await bus.serve(AccountHistoryService, accountHistoryServer);
  const services = [ChainService, BlockStoreService, TransactionStoreService, ContractMetaStoreService, AccountHistoryService];
  const { url } = await startGateway({ bus: await openBus(), services, mqTimeoutMs: 500 });
  provider = new Provider(url);
});

describe("koilib's Provider against the gateway", () => {
  it("getHeadInfo", async () => {
    expect(await provider.getHeadInfo()).toEqual({
      head_topology: { id: blockId(42), height: "42", previous: blockId(41) },
      last_irreversible_block: "40",
      head_block_time: "1700000000123",
    });
  });

  it("getChainId", async () => {
    expect(await provider.getChainId()).toBe(Buffer.from("koinos-test-chain").toString("base64").replace(/\+/g, "-").replace(/\//g, "_"));
  });

  it("getNonce: the value_type the chain answers, decoded", async () => {
    expect(await provider.getNonce(alice)).toBe(7);
    expect(await provider.getNextNonce(alice)).toBe("KAg=");
  });

  it("getAccountRc, and an rc of 0 answered as {} read as \"0\"", async () => {
    expect(await provider.getAccountRc(alice)).toBe("50000000");
    expect(await provider.call("chain.get_account_rc", { account: broke })).toEqual({});
    expect(await provider.getAccountRc(broke)).toBe("0");
  });

  it("readContract, and a contract that reverts as koilib surfaces a service error", async () => {
    expect(await provider.readContract({ contract_id: token, entry_point: 7, args: "AQID" })).toEqual({ result: "AQID", logs: ["read"] });
    const failure = provider.readContract({ contract_id: reverting, entry_point: 7, args: "" });
    await expect(failure).rejects.toThrow(JSON.stringify({ error: "contract reverted: insufficient balance", code: 1, logs: ["balance too low"] }));
  });

  it("getBlocksById", async () => {
    const items = await provider.getBlocksById([blockId(1), blockId(2)], { returnBlock: false, returnReceipt: false });
    expect(items).toEqual({ block_items: [{ block_id: blockId(1), block_height: "1" }, { block_id: blockId(2), block_height: "2" }] });
  });

  it("getBlocks: ancestor_start_height and num_blocks sent as JSON numbers", async () => {
    const blocks = await provider.getBlocks(10, 3, blockId(42));
    expect(blocks).toEqual([10, 11, 12].map((h) => ({ block_id: blockId(42), block_height: String(h) })));
  });

  it("getTransactionsById", async () => {
    const id = `0x1220${"cd".repeat(32)}`;
    expect(await provider.getTransactionsById([id])).toEqual({ transactions: [{ transaction: { id, header: { rc_limit: "100000000" } }, containing_blocks: ["0x1220ab"] }] });
  });

  it("sendTransaction: the receipt", async () => {
    const transaction = { id: `0x1220${"ef".repeat(32)}`, header: { rc_limit: "1000", payer: alice } };
    const { receipt } = await provider.sendTransaction(transaction, false);
    expect(receipt).toEqual({ id: transaction.id, payer: alice, rc_used: "12", logs: ["applied"] });
  });

  it("sendTransaction on the bus timeout: koilib reads `rpc failed, context deadline exceeded` as maybe submitted", async () => {
    const transaction = { id: `0x1220${"ee".repeat(32)}`, header: { rc_limit: "1", payer: alice } };
    const { receipt } = await provider.sendTransaction(transaction, false);
    expect(receipt.id).toBe(transaction.id);
    expect((receipt as unknown as { rpc_error: unknown }).rpc_error).toEqual({ error: "An internal server error has occurred", data: "rpc failed, context deadline exceeded" });
  });

  it("call account_history.get_account_history", async () => {
    const history = await provider.call("account_history.get_account_history", { address: alice, seq_num: "5", limit: 2, ascending: true });
    expect(history).toEqual({
      values: [
        { seq_num: "5", trx: { transaction: { id: "0x122000" } } },
        { seq_num: "6", block: { header: { height: "6", signer: alice } } },
      ],
    });
  });

  it("a Contract fetching its ABI through contract_meta_store.get_contract_meta, then reading", async () => {
    const contract = new Contract({ id: token, provider });
    const abi = await contract.fetchAbi();
    expect(Object.keys(abi?.methods ?? {})).toEqual(["balance_of"]);
    const functions = contract.functions as Record<string, (args: unknown) => Promise<{ result?: unknown }>>;
    const balance = await functions["balance_of"]?.({ owner: alice });
    expect(balance?.result).toEqual({ value: "1234" });
  });
});
