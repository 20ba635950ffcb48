import { randomBytes } from "node:crypto";
import type { Channel, ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bus, ServedService } from "koinos-mq-ts";
import { indexerRequest, indexerResponse } from "../../generated/indexer/indexer.js";
import { IndexerService, type IndexerServer } from "../../generated/indexer/indexer_mq.js";
import { blockStoreRequest } from "../../generated/koinos/rpc/block_store/block_store_rpc.js";
import { BlockStoreClient, BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { chainRequest } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { mempoolRequest } from "../../generated/koinos/rpc/mempool/mempool_rpc.js";
import { MempoolClient, MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { P2pClient, P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { blockStoreServer, chainServer, mempoolServer, p2pServer } from "../helpers/fixture-servers.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";
import { decodeEnvelope } from "../../runtime/wire/envelope.js";

/**
 * Malformed requests, thousands of them, to every fixture service: each one
 * with a reply address gets a reply, the servers keep serving, and nothing
 * crashes (vitest fails the run on any unhandled error or rejection).
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

const indexerServer: IndexerServer = {
  getAccountHistory: () => ({}),
  getStatus: () => ({ running: true }),
};

let served: ServedService[];
let serverBus: Bus;
let client: Bus;
/** What the serving bus logged as warnings. */
const warnings: { fields: Record<string, unknown>; message: string }[] = [];
const ignore = () => undefined;
let channel: Channel;
let replyQueue: string;
const replies = new Map<string, ConsumeMessage>();

beforeAll(async () => {
  const server = await openBus({ logger: { debug: ignore, info: ignore, error: ignore, warn: (fields, message) => void warnings.push({ fields, message }) } });
  serverBus = server;
  const limits = { maxRequestBytes: 4096, maxHeaderBytes: 2048 };
  served = [
    await server.serve(ChainService, chainServer, limits),
    await server.serve(MempoolService, mempoolServer, limits),
    await server.serve(BlockStoreService, blockStoreServer, limits),
    await server.serve(P2pService, p2pServer, limits),
    await server.serve(IndexerService, indexerServer, limits),
  ];
  client = await openBus();
  ({ channel } = await openRaw());
  await declareKoinosExchanges(channel);
  replyQueue = (await channel.assertQueue("", { exclusive: true, autoDelete: true })).queue;
  await channel.bindQueue(replyQueue, "koinos.rpc", replyQueue);
  await channel.consume(replyQueue, (m) => m !== null && replies.set(String(m.properties.correlationId), m), { noAck: true });
});

let sent = 0;
/** Publishes a request to a service queue; returns its correlation id. */
function send(service: string, body: Uint8Array, properties: Record<string, unknown> = {}): string {
  const correlationId = `fuzz-${++sent}`;
  channel.publish("koinos.rpc", `koinos.rpc.${service}`, Buffer.from(body), {
    correlationId,
    replyTo: replyQueue,
    contentType: "application/octet-stream",
    ...properties,
  });
  return correlationId;
}

/** Random bytes, truncations of valid envelopes, unset oneofs and envelopes of other services. */
function malformed(i: number): Uint8Array {
  const valid = [
    chainRequest.encode(chainRequest.fromPartial({ submitTransaction: { transaction: { id: randomBytes(32), header: { rcLimit: "100" } }, broadcast: true } })).finish(),
    mempoolRequest.encode(mempoolRequest.fromPartial({ getPendingTransactionsById: { transactionIds: [randomBytes(34)], blockId: randomBytes(34) } })).finish(),
    blockStoreRequest.encode(blockStoreRequest.fromPartial({ getBlocksByHeight: { headBlockId: randomBytes(34), ancestorStartHeight: "9", numBlocks: 2 } })).finish(),
    indexerRequest.encode(indexerRequest.fromPartial({ getAccountHistory: { address: randomBytes(25), limit: 3 } })).finish(),
  ];
  const pick = valid[i % valid.length] as Uint8Array;
  switch (i % 5) {
    case 0:
      return randomBytes(1 + (i % 200));
    case 1:
      return pick.subarray(0, 1 + (i % (pick.length - 1)));
    case 2:
      return new Uint8Array([0x08, i % 128]); // only a varint: no member set
    case 3:
      return pick; // a whole envelope, sent to every service, most of them the wrong one
    default:
      return Uint8Array.from(pick, (b, j) => (j === i % pick.length ? b ^ 0xff : b));
  }
}

const services = ["chain", "mempool", "block_store", "p2p", "indexer"];

describe("thousands of malformed requests", () => {
  it("each get a reply, and every service still answers a valid call afterwards", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) for (const service of services) ids.push(send(service, malformed(i)));
    await vi.waitFor(() => expect(replies.size).toBe(ids.length), { timeout: 60_000, interval: 100 });
    // Every fixture service has its error member at field 2.
    const errors = ids.filter((id) => decodeEnvelope(replies.get(id)?.content ?? new Uint8Array())?.field === 2);
    // Not every mutation is invalid protobuf, and an envelope can fit another service: those get answers.
    expect(errors.length).toBeGreaterThan(ids.length / 2);
    expect(served.reduce((n, s) => n + s.counters.badRequests, 0)).toBeGreaterThan(5000);
    expect((await new ChainClient(client).getHeadInfo()).headTopology?.height).toBe("42");
    expect((await new MempoolClient(client).getReservedAccountRc({ account: new Uint8Array(3) })).rc).toBe("3");
    expect((await new BlockStoreClient(client).getHighestBlock()).topology?.height).toBe("42");
    expect((await new P2pClient(client).getGossipStatus()).enabled).toBe(true);
  }, 120_000);
});

describe("each kind of bad request", () => {
  /** Sends a request to the indexer and returns the error message of its reply. */
  async function errorFor(body: Uint8Array, properties: Record<string, unknown> = {}): Promise<string> {
    const id = send("indexer", body, properties);
    await vi.waitFor(() => expect(replies.has(id)).toBe(true));
    return indexerResponse.decode(replies.get(id)?.content ?? new Uint8Array()).error?.message ?? "";
  }
  const status = indexerRequest.encode(indexerRequest.fromPartial({ getStatus: {} })).finish();

  it.each([
    ["random bytes", randomBytes(64), {}, /^received bad message/],
    ["truncated protobuf", indexerRequest.encode(indexerRequest.fromPartial({ getAccountHistory: { address: randomBytes(25) } })).finish().subarray(0, 10), {}, /^received bad message/],
    ["an unset oneof", new Uint8Array(), {}, /^expected request was nil/],
    ["a member the service does not have", new Uint8Array([0x4a, 0x00]), {}, /^attempted to call unknown rpc: field 9/],
    // Member 2 declared 2^32 bytes long: its low 32 bits (0) would make it a valid empty get_account_history.
    ["a member length over 32 bits", new Uint8Array([0x12, 0x80, 0x80, 0x80, 0x80, 0x10]), {}, /^received bad message: not a indexer\.indexer_request \(varint at byte 1 is over 32 bits/],
    ["a length over 32 bits inside the member", new Uint8Array([0x12, 0x06, 0x0a, 0x80, 0x80, 0x80, 0x80, 0x10]), {}, /^received bad message: get_account_history does not decode \(varint at byte 1 is over 32 bits/],
    ["a wrong content type", status, { contentType: "text/plain" }, /^unsupported content type "text\/plain"/],
    ["no content type", status, { contentType: undefined }, /^unsupported content type none/],
    ["a body over the limit", new Uint8Array(5000), {}, /^request of 5000 bytes exceeds the limit of 4096 bytes$/],
    ["a header table over the limit", status, { headers: { big: "x".repeat(3000) } }, /^request headers of about \d+ bytes exceed the limit of 2048 bytes$/],
  ])("%s gets a clear error reply", async (_, body, properties, message) => {
    expect(await errorFor(body, properties)).toMatch(message);
  });

  it("no correlation_id gets an error reply all the same", async () => {
    const before = replies.size;
    channel.publish("koinos.rpc", "koinos.rpc.indexer", Buffer.from(status), { replyTo: replyQueue, contentType: "application/octet-stream" });
    // The reply carries the (empty) correlation id the request had.
    await vi.waitFor(() => expect(replies.has("")).toBe(true));
    expect(indexerResponse.decode(replies.get("")?.content ?? new Uint8Array()).error?.message).toBe("the request has no correlation_id");
    expect(replies.size).toBe(before + 1);
  });

  it("no reply_to is logged with the reason, not executed, and the server goes on", async () => {
    const reported = new Promise<unknown>((resolve) => serverBus.on("bad-request", (e) => e.reason.includes("reply_to") && resolve(e)));
    const indexer = served[4] as ServedService;
    const handled = indexer.counters.handled;
    channel.publish("koinos.rpc", "koinos.rpc.indexer", Buffer.from(status), { correlationId: "no-reply-to", contentType: "application/octet-stream" });
    expect(await reported).toEqual({ service: "indexer", reason: "the request has no reply_to, so it cannot be answered", replied: false });
    expect(warnings).toContainEqual({ message: "bad request", fields: expect.objectContaining({ correlationId: "no-reply-to", reason: "the request has no reply_to, so it cannot be answered" }) });
    expect(indexer.counters.handled).toBe(handled);
    expect(await errorFor(new Uint8Array())).toMatch(/^expected request was nil/);
  });
});
