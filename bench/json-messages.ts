import { blockAccepted } from "../generated/koinos/broadcast/broadcast.js";
import { blockAcceptedType } from "../generated/koinos/broadcast/broadcast_mq.js";
import { getHeadInfoResponse } from "../generated/koinos/rpc/chain/chain_rpc.js";
import { getHeadInfoResponseType } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import type { KoinosType } from "koinos-mq-ts";

/** A message of the JSON benchmark: its type, and the message as protobuf bytes. */
export interface JsonSample {
  readonly label: string;
  readonly type: KoinosType<unknown>;
  readonly bytes: Uint8Array;
}

/** Deterministic bytes, so that every run measures the same messages. */
function filler(seed: number) {
  let state = seed;
  return (n: number) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      b[i] = state >>> 24;
    }
    return b;
  };
}

/** A Koinos address: version byte 0, 20 bytes of hash, 4 of checksum (the checksum is not checked here). */
const address = (bytes: (n: number) => Uint8Array) => Uint8Array.of(0, ...bytes(24));
const multihash = (bytes: (n: number) => Uint8Array) => Uint8Array.of(0x12, 0x20, ...bytes(32));

/**
 * A block_accepted as the chain publishes it: a block of `transactions`
 * transactions (each a token transfer: one call_contract operation, one
 * signature) and its receipt (a transaction receipt with one event per
 * transaction, state deltas, logs).
 */
export function blockAcceptedSample(transactions: number): JsonSample {
  const bytes = filler(42);
  const koin = address(bytes);
  const txs = Array.from({ length: transactions }, (_, i) => ({
    id: multihash(bytes),
    header: { chainId: multihash(bytes), rcLimit: "100000000", nonce: Uint8Array.of(0x08, i + 1), operationMerkleRoot: multihash(bytes), payer: address(bytes) },
    operations: [{ callContract: { contractId: koin, entryPoint: 0x27f576ca, args: Uint8Array.of(0x0a, 0x19, ...address(bytes), 0x12, 0x19, ...address(bytes), 0x18, 0x80, 0xc2, 0xd7, 0x2f) } }],
    signatures: [bytes(65)],
  }));
  const receipts = txs.map((tx, i) => ({
    id: tx.id,
    payer: tx.header.payer,
    maxPayerRc: "9007199254740993",
    rcLimit: "100000000",
    rcUsed: String(500000 + i),
    diskStorageUsed: "0",
    networkBandwidthUsed: "312",
    computeBandwidthUsed: "574831",
    events: [{ sequence: 1, source: koin, name: "koinos.contracts.token.transfer_event", data: bytes(60), impacted: [address(bytes), tx.header.payer] }],
    logs: [],
    stateDeltaEntries: [{ objectSpace: { system: true, zone: koin, id: 0 }, key: address(bytes), value: bytes(12) }],
  }));
  const message = blockAccepted.fromPartial({
    block: {
      id: multihash(bytes),
      header: {
        previous: multihash(bytes),
        height: "18446744073709551000",
        timestamp: "1700000000123",
        previousStateMerkleRoot: multihash(bytes),
        transactionMerkleRoot: multihash(bytes),
        signer: address(bytes),
        approvedProposals: [],
      },
      transactions: txs,
      signature: bytes(65),
    },
    receipt: {
      id: multihash(bytes),
      height: "18446744073709551000",
      diskStorageUsed: "1234",
      networkBandwidthUsed: "31200",
      computeBandwidthUsed: "57483100",
      stateMerkleRoot: multihash(bytes),
      events: [],
      transactionReceipts: receipts,
      logs: ["block applied"],
      diskStorageCharged: "1234",
      networkBandwidthCharged: "31200",
      computeBandwidthCharged: "57483100",
    },
    live: true,
    head: true,
  });
  return { label: `block_accepted (${transactions} tx + receipt)`, type: blockAcceptedType as KoinosType<unknown>, bytes: blockAccepted.encode(message).finish() };
}

/** The get_head_info answer of the RPC benchmarks. */
export function headInfoSample(): JsonSample {
  const bytes = filler(7);
  const message = getHeadInfoResponse.fromPartial({
    headTopology: { id: multihash(bytes), height: "12345678", previous: multihash(bytes) },
    lastIrreversibleBlock: "12345618",
    headStateMerkleRoot: multihash(bytes),
    headBlockTime: "1700000000123",
  });
  return { label: "get_head_info_response", type: getHeadInfoResponseType as KoinosType<unknown>, bytes: getHeadInfoResponse.encode(message).finish() };
}
