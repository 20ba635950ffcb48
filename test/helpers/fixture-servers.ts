import type { AccountHistoryServer } from "../../generated/koinos/rpc/account_history/account_history_rpc_mq.js";
import type { BlockStoreServer } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import type { ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import type { ContractMetaStoreServer } from "../../generated/koinos/rpc/contract_meta_store/contract_meta_store_rpc_mq.js";
import type { MempoolServer } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import type { P2pServer } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import type { TransactionStoreServer } from "../../generated/koinos/rpc/transaction_store/transaction_store_rpc_mq.js";

/**
 * Typed implementations of the fixture services. Each answer is derived from
 * its request, so a round trip shows that the request arrived intact.
 */

export const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

export const headTopology = { id: bytes(0xaa, 0xbb), height: "42", previous: bytes(0xcc) };

export const chainServer: ChainServer = {
  submitBlock: (req) => ({ receipt: { id: req.block?.id ?? bytes(), height: req.block?.header?.height ?? "0" } }),
  submitTransaction: (req) => ({ receipt: { id: req.transaction?.id ?? bytes(), reverted: req.broadcast, logs: ["applied"] } }),
  getHeadInfo: () => ({
    headTopology,
    lastIrreversibleBlock: "18446744073709551615",
    headStateMerkleRoot: bytes(1, 2, 3),
    headBlockTime: "1700000000000",
  }),
  getChainId: () => ({ chainId: text("koinos-test-chain") }),
  getForkHeads: () => ({ lastIrreversibleBlock: headTopology, forkHeads: [headTopology, { ...headTopology, height: "43" }] }),
  readContract: async (req) => ({ result: req.args, logs: [`entry point ${req.entryPoint}`] }),
  getAccountNonce: (req) => ({ nonce: req.account }),
  getAccountRc: (req) => ({ rc: String(req.account.length * 1000) }),
  getResourceLimits: () => ({ resourceLimitData: { diskStorageLimit: "1", computeBandwidthCost: "9007199254740993" } }),
  invokeSystemCall: (req) => ({
    value: text(`${req.id ?? "-"}|${req.name ?? "-"}|${req.callerData === undefined ? "no caller" : `privilege ${req.callerData.callerPrivilege}`}`),
  }),
  proposeBlock: (req) => ({ failedTransactionIndices: req.block?.transactions.map((_, i) => i).filter((i) => i % 2 === 1) ?? [] }),
};

export const mempoolServer: MempoolServer = {
  checkPendingAccountResources: (req) => ({ success: BigInt(req.maxPayerRc) >= BigInt(req.rcLimit) }),
  getPendingTransactions: (req) => ({
    pendingTransactions: Array.from({ length: Number(req.limit) }, (_, i) => ({
      transaction: { id: bytes(i), header: { rcLimit: String(i) } },
      diskStorageUsed: String(i),
    })),
  }),
  checkAccountNonce: (req) => ({ success: req.blockId === undefined && req.nonce.length > 0 }),
  getReservedAccountRc: (req) => ({ rc: String(req.account.length) }),
  getPendingNonce: (req) => ({ nonce: req.blockId ?? bytes(0) }),
  getPendingTransactionCount: (req) => ({ count: req.blockId === undefined ? "0" : String(req.blockId.length) }),
  getPendingTransactionsById: (req) => ({ pendingTransactions: req.transactionIds.map((id) => ({ transaction: { id } })) }),
};

export const blockStoreServer: BlockStoreServer = {
  getBlocksById: (req) => ({
    blockItems: req.blockIds.map((blockId, i) => ({
      blockId,
      blockHeight: String(i + 1),
      ...(req.returnBlock ? { block: { id: blockId } } : {}),
    })),
  }),
  getBlocksByHeight: (req) => ({
    blockItems: Array.from({ length: req.numBlocks }, (_, i) => ({
      blockId: req.headBlockId,
      blockHeight: String(BigInt(req.ancestorStartHeight) + BigInt(i)),
    })),
  }),
  addBlock: () => ({}),
  getHighestBlock: () => ({ topology: headTopology }),
};

export const p2pServer: P2pServer = {
  getGossipStatus: () => ({ enabled: true }),
};

/** A transaction store that knows every id it is asked for, in block 0x1220ab... */
export const transactionStoreServer: TransactionStoreServer = {
  getTransactionsById: (req) => ({
    transactions: req.transactionIds.map((id) => ({ transaction: { id, header: { rcLimit: "100000000" } }, containingBlocks: [bytes(0x12, 0x20, 0xab)] })),
  }),
};

/**
 * The ABI a contract meta store gives every contract: a token with a read-only
 * `balance_of`, its types as a protobufjs JSON namespace (koilib's `koilib_types`).
 */
export const tokenAbi = JSON.stringify({
  methods: {
    balance_of: { entry_point: 0x5c721497, argument: "token.balance_of_arguments", return: "token.balance_of_result", read_only: true },
  },
  koilib_types: {
    nested: {
      token: {
        nested: {
          balance_of_arguments: { fields: { owner: { type: "bytes", id: 1, options: { "(koinos.btype)": "ADDRESS" } } } },
          balance_of_result: { fields: { value: { type: "uint64", id: 1, options: { jstype: "JS_STRING" } } } },
        },
      },
    },
  },
});

export const contractMetaStoreServer: ContractMetaStoreServer = {
  getContractMeta: () => ({ meta: { abi: tokenAbi } }),
};

/** An account history of `limit` entries from `seq_num`, alternating transactions and blocks. */
export const accountHistoryServer: AccountHistoryServer = {
  getAccountHistory: (req) => ({
    values: Array.from({ length: Number(req.limit) }, (_, i) => {
      const seqNum = String(BigInt(req.seqNum ?? "0") + BigInt(i));
      return i % 2 === 0 ? { seqNum, trx: { transaction: { id: bytes(0x12, 0x20, i) } } } : { seqNum, block: { header: { height: seqNum, signer: req.address } } };
    }),
  }),
};
