import type { ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError, type Bus } from "koinos-mq-ts";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { chainResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

/** What a caller passes as options is checked before anything is sent, and one call can never hurt the others. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

let bus: Bus;
let chain: ChainClient;
const channelErrors: unknown[] = [];
/** Requests as a Koinos-style peer on `koinos.rpc.p2p` received them. */
const received: ConsumeMessage[] = [];

beforeAll(async () => {
  await (await openBus()).serve(ChainService, chainServer);
  bus = await openBus();
  bus.on("channel-error", (e) => channelErrors.push(e.error));
  chain = new ChainClient(bus);
});

describe("a timeout that is not a number of milliseconds", () => {
  it.each([
    [Number.NaN, "NaN"],
    [-1, "-1"],
    ["1000", '"1000"'],
    [null, "null"],
  ])("is refused at once, naming the value (%s)", async (timeoutMs, shown) => {
    const error = await chain.getHeadInfo({}, { timeoutMs: timeoutMs as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain(`timeoutMs must be`);
    expect((error as Error).message).toContain(`got ${shown}`);
  });

  it("in a retry policy is refused too", async () => {
    const error = await chain.getHeadInfo({}, { retry: { maxAttempts: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("retry.maxAttempts");
  });
});

describe("long and infinite timeouts", () => {
  it("send no expiration for Infinity, the remaining time for 3e9 ms, none past RabbitMQ's limit, and all are answered", async () => {
    // A Koinos-style peer (plain amqplib, auto-ack) serving p2p, which answers with what it saw.
    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    await channel.assertQueue("koinos.rpc.p2p", { durable: true, exclusive: false, autoDelete: false });
    await channel.bindQueue("koinos.rpc.p2p", "koinos.rpc", "koinos.rpc.p2p");
    await channel.consume(
      "koinos.rpc.p2p",
      (msg) => {
        if (msg === null) return;
        received.push(msg);
        // Field 2 of every response envelope is error: the reply names the request's expiration.
        const reply = chainResponse.encode(chainResponse.fromPartial({ error: { message: `expiration ${String(msg.properties.expiration)}` } })).finish();
        channel.publish("koinos.rpc", msg.properties.replyTo, Buffer.from(reply), { correlationId: msg.properties.correlationId, contentType: "application/octet-stream" });
      },
      { noAck: true },
    );
    const { P2pClient } = await import("../../generated/koinos/rpc/p2p/p2p_rpc_mq.js");
    const p2p = new P2pClient(bus);
    const answers = await Promise.all(
      [Infinity, 3e9, 1e10, 2000].map((timeoutMs) => p2p.getGossipStatus({}, { timeoutMs }).catch((e: unknown) => (e as Error).message)),
    );
    expect(answers).toEqual([
      "p2p.get_gossip_status: expiration undefined",
      expect.stringMatching(/^p2p\.get_gossip_status: expiration (2999999\d{3}|3000000000)$/),
      "p2p.get_gossip_status: expiration undefined",
      expect.stringMatching(/^p2p\.get_gossip_status: expiration \d{4}$/),
    ]);
    // The deadline travels as a header for finite timeouts only.
    const deadlines = received.map((m) => (m.properties.headers as Record<string, unknown> | undefined)?.["x-koinos-deadline"]);
    expect(deadlines[0]).toBeUndefined();
    expect(typeof deadlines[1]).toBe("number");
    expect(channelErrors).toEqual([]);
  });

  it("do not time out at once, and leave the calls around them alone", async () => {
    const long = chain.getHeadInfo({}, { timeoutMs: 3e9 });
    const others = Array.from({ length: 10 }, () => chain.getHeadInfo({}, { timeoutMs: 5000 }));
    const endless = chain.getHeadInfo({}, { timeoutMs: Infinity });
    const results = await Promise.all([long, endless, ...others]);
    expect(results.map((r) => r.headTopology?.height)).toEqual(Array(12).fill("42"));
    expect(channelErrors).toEqual([]);
  });
});

describe("headers that AMQP cannot carry", () => {
  it("fail that call alone with InvalidArgumentError, before anything is sent", async () => {
    const bad = chain.getHeadInfo({}, { headers: { trace: Symbol("x") as unknown as string } }).catch((e: unknown) => e);
    const huge = chain.getHeadInfo({}, { headers: { blob: "x".repeat(70_000) } }).catch((e: unknown) => e);
    const good = chain.getHeadInfo({}, { headers: { trace: "abc" } });
    expect(await bad).toBeInstanceOf(InvalidArgumentError);
    expect(await huge).toBeInstanceOf(InvalidArgumentError);
    expect((await good).headTopology?.height).toBe("42");
    expect(channelErrors).toEqual([]);
  });
});

describe("a request that does not encode", () => {
  it("is an InvalidArgumentError", async () => {
    const error = await chain.invokeSystemCall({ id: "not a number" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/does not encode/);
  });
});
