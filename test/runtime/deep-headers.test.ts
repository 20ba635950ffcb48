// First, before anything loads amqplib: OpenTelemetry's instrumentation wraps amqplib as it loads.
import "../helpers/otel-amqplib.js";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bus, ServedService, Subscription } from "koinos-mq-ts";
import { indexerRequest, indexerResponse } from "../../generated/indexer/indexer.js";
import { IndexerClient, IndexerEvents, IndexerService, type IndexerServer } from "../../generated/indexer/indexer_mq.js";
import { chainResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainClient } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { deepArray, deepTable, publishRaw } from "../helpers/amqp-frames.js";
import { busFactory } from "../helpers/buses.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { listRows, rabbitmqctl } from "../helpers/rabbitmqctl.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * A header table nested 10,000 deep fits in a frame (70 KB) and RabbitMQ
 * routes it, but amqplib's recursive decoder overflows the stack on it and
 * closes the connection; the broker then redelivers it to the next
 * connection, forever. With the runtime's bounded decoding such a request
 * gets an error reply and is acknowledged, such an event is counted as bad
 * and acknowledged, such a reply is read, and no connection is lost. The
 * publishers here build their frames by hand (amqplib cannot encode such a
 * table), on a raw amqplib connection opened before the runtime connects,
 * with OpenTelemetry's amqplib instrumentation loaded first.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

const indexerServer: IndexerServer = {
  getAccountHistory: () => ({}),
  getStatus: () => ({ running: true }),
};

let serverBus: Bus;
let served: ServedService;
let client: Bus;
let subscriberBus: Bus;
let raw: { connection: ChannelModel; channel: Channel };
/** A channel of the raw connection that only hand-built frames use. */
let frames: Channel;
let replyQueue: string;
const replies = new Map<string, ConsumeMessage>();
const disconnects: string[] = [];
const status = Buffer.from(indexerRequest.encode(indexerRequest.fromPartial({ getStatus: {} })).finish());

/** The connections to this vhost, by the broker's process id of each: any reconnect changes them. */
async function connections(): Promise<string[]> {
  const rows = await rabbitmqctl("list_connections", "--no-table-headers", "vhost", "pid");
  return rows
    .split("\n")
    .filter((row) => row.startsWith(`${vhost.name}\t`))
    .map((row) => row.split("\t")[1] ?? "")
    .sort();
}

/** Messages ready and unacknowledged in a queue of this vhost. */
async function queueCounts(queue: string): Promise<{ ready: number; unacked: number }> {
  const row = (await listRows("list_queues", vhost.name, ["name", "messages_ready", "messages_unacknowledged"])).find(([name]) => name === queue);
  return { ready: Number(row?.[1]), unacked: Number(row?.[2]) };
}

beforeAll(async () => {
  raw = await openRaw();
  frames = await raw.connection.createChannel();
  await declareKoinosExchanges(raw.channel);
  replyQueue = (await raw.channel.assertQueue("", { exclusive: true, autoDelete: true })).queue;
  await raw.channel.bindQueue(replyQueue, "koinos.rpc", replyQueue);
  await raw.channel.consume(replyQueue, (m) => m !== null && replies.set(String(m.properties.correlationId), m), { noAck: true });

  serverBus = await openBus({ name: "deep-headers server" });
  served = await serverBus.serve(IndexerService, indexerServer);
  client = await openBus({ name: "deep-headers client" });
  subscriberBus = await openBus({ name: "deep-headers subscriber" });
  for (const bus of [serverBus, client, subscriberBus]) bus.on("disconnected", ({ error }) => disconnects.push(`${bus.name}: ${error.message}`));
});

/** Sends a request to the indexer with `headers` (an encoded table) and returns the error message of its reply. */
async function errorReplyTo(id: string, headers: Buffer): Promise<string> {
  publishRaw(raw.connection, frames, "koinos.rpc", "koinos.rpc.indexer", status, { contentType: "application/octet-stream", correlationId: id, replyTo: replyQueue, headers });
  await vi.waitFor(() => expect(replies.has(id)).toBe(true), { timeout: 10_000 });
  return indexerResponse.decode(replies.get(id)?.content ?? new Uint8Array()).error?.message ?? "(not an error)";
}

it("runs with OpenTelemetry's amqplib instrumentation in effect", () => {
  const require = createRequire(import.meta.url);
  const model = require(join(dirname(require.resolve("amqplib")), "lib/channel_model.js")) as { Channel: { prototype: { consume: { __wrapped?: boolean } } } };
  expect(model.Channel.prototype.consume.__wrapped).toBe(true);
});

describe("a request with deeply nested headers", () => {
  it("10,000 tables deep gets an error reply and is acknowledged; the server keeps serving on the same connection", async () => {
    const before = await connections();
    const badRequests = served.counters.badRequests;
    expect(await errorReplyTo("deep-table", deepTable(10_000))).toMatch(/^request headers of about 7000\d bytes exceed the limit of 16384 bytes$/);
    expect(await new IndexerClient(client).getStatus()).toEqual({ running: true, lastIndexed: undefined });
    expect(served.counters.badRequests).toBe(badRequests + 1);
    expect(await queueCounts("koinos.rpc.indexer")).toEqual({ ready: 0, unacked: 0 });
    expect(await connections()).toEqual(before);
    expect(disconnects).toEqual([]);
  });

  it("1,000 tables deep (7 KB, under the size limit) gets an error reply naming the depth", async () => {
    expect(await errorReplyTo("deep-but-small", deepTable(1000))).toBe("request headers nest tables or arrays deeper than 32 levels");
  });

  it("10,000 arrays deep gets an error reply", async () => {
    expect(await errorReplyTo("deep-array", deepArray(10_000))).toMatch(/^request headers of about 500\d\d bytes exceed the limit/);
    expect(await new IndexerClient(client).getStatus()).toEqual({ running: true, lastIndexed: undefined });
    expect(disconnects).toEqual([]);
  });
});

describe("an event with deeply nested headers", () => {
  it("is counted as bad, reported and acknowledged, and the next event is delivered", async () => {
    const before = await connections();
    const handled: unknown[] = [];
    const errors: { topic: string; reason: string }[] = [];
    subscriberBus.on("event-error", ({ topic, reason }) => errors.push({ topic, reason }));
    const subscription: Subscription = await subscriberBus.subscribe(IndexerEvents, "indexer.status", (event) => void handled.push(event.message));
    publishRaw(raw.connection, frames, "koinos.event", "indexer.status", Buffer.from([0x08, 0x01]), { contentType: "application/octet-stream", headers: deepTable(10_000) });
    await client.publish(IndexerEvents, "indexer.status", { running: false });
    await vi.waitFor(() => expect(handled).toEqual([{ running: false }]), { timeout: 10_000 });
    expect(errors).toEqual([{ topic: "indexer.status", reason: "the event's headers nest tables or arrays deeper than 32 levels" }]);
    expect(subscription.counters).toEqual({ handled: 1, errors: 1 });
    expect(await queueCounts(subscription.queue)).toEqual({ ready: 0, unacked: 0 });
    expect(await connections()).toEqual(before);
    expect(disconnects).toEqual([]);
    await subscription.unsubscribe();
  });
});

describe("a reply with deeply nested headers", () => {
  it("is read like any other", async () => {
    // A chain service written by hand, replying with a header table 10,000 deep.
    await raw.channel.assertQueue("koinos.rpc.chain", { durable: true, exclusive: false, autoDelete: false });
    await raw.channel.bindQueue("koinos.rpc.chain", "koinos.rpc", "koinos.rpc.chain");
    const head = Buffer.from(chainResponse.encode(chainResponse.fromPartial({ getHeadInfo: { lastIrreversibleBlock: "7" } })).finish());
    await raw.channel.consume(
      "koinos.rpc.chain",
      (m) => {
        if (m === null) return;
        publishRaw(raw.connection, frames, "koinos.rpc", String(m.properties.replyTo), head, { contentType: "application/octet-stream", correlationId: String(m.properties.correlationId), headers: deepTable(10_000) });
      },
      { noAck: true },
    );
    const before = await connections();
    expect((await new ChainClient(client).getHeadInfo({}, { timeoutMs: 5000 })).lastIrreversibleBlock).toBe("7");
    expect((await new ChainClient(client).getHeadInfo({}, { timeoutMs: 5000 })).lastIrreversibleBlock).toBe("7");
    expect(await connections()).toEqual(before);
    expect(disconnects).toEqual([]);
  });
});
