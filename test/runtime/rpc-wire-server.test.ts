import type { Channel, ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it } from "vitest";
import { chainRequest, chainResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { listRows } from "../helpers/rabbitmqctl.js";
import { declareKoinosExchanges, hex, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * Our server on the wire, called by a peer written with plain amqplib the way
 * koinos-mq-golang calls services; replies are compared with ts-proto's
 * encoding of the envelopes (an independent encoder).
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

describe("our server, called by a Koinos-style client", () => {
  let channel: Channel;
  let replyQueue: string;
  const replies = new Map<string, ConsumeMessage>();
  const waiting = new Map<string, (m: ConsumeMessage) => void>();
  let n = 0;

  beforeAll(async () => {
    const bus = await openBus();
    await bus.serve(ChainService, chainServer);
    ({ channel } = await openRaw());
    await declareKoinosExchanges(channel);
    // koinos-mq-golang's reply queue: server-named, not exclusive, auto-delete, bound to koinos.rpc under its own name.
    replyQueue = (await channel.assertQueue("", { durable: false, autoDelete: true, exclusive: false })).queue;
    await channel.bindQueue(replyQueue, "koinos.rpc", replyQueue);
    await channel.consume(
      replyQueue,
      (msg) => {
        if (msg === null) return;
        const id = String(msg.properties.correlationId);
        replies.set(id, msg);
        waiting.get(id)?.(msg);
      },
      { noAck: true },
    );
  });

  /** Publishes a request as the Go client does and waits for the reply. */
  function request(body: Buffer, properties: Record<string, unknown> = {}): Promise<ConsumeMessage> {
    const correlationId = `KOINOSGOCLIENTCORRELATIONID${String(++n).padStart(5, "0")}`;
    const reply = new Promise<ConsumeMessage>((resolve) => waiting.set(correlationId, resolve));
    channel.publish("koinos.rpc", "koinos.rpc.chain", body, {
      correlationId,
      replyTo: replyQueue,
      contentType: "application/octet-stream",
      expiration: "5000",
      ...properties,
    });
    return reply;
  }

  it("answers through koinos.rpc, echoing correlation id and content type, with the bytes protobuf would write", async () => {
    const reply = await request(Buffer.from(chainRequest.encode({ getHeadInfo: {} }).finish()));
    expect(reply.fields.exchange).toBe("koinos.rpc");
    expect(reply.fields.routingKey).toBe(replyQueue);
    expect(reply.properties.correlationId).toMatch(/^KOINOSGOCLIENTCORRELATIONID\d{5}$/);
    expect(reply.properties.contentType).toBe("application/octet-stream");
    const expected = chainResponse.encode({ getHeadInfo: await chainServer.getHeadInfo({}, {} as never) as never }).finish();
    expect(hex(reply.content)).toBe(hex(expected));
  });

  it("answers the reserved startup ping with reserved {} (0a00)", async () => {
    expect(hex((await request(Buffer.from("0a00", "hex"))).content)).toBe("0a00");
  });

  it.each([
    ["an unknown member", "ba0600", /^attempted to call unknown rpc: field 103 of koinos\.rpc\.chain\.chain_request$/],
    ["no member", "", /^expected request was nil/],
    ["bytes that are not protobuf", "ffffffffff", /^received bad message/],
    ["a member that does not decode", "1a03ffffff", /^received bad message: submit_transaction does not decode/],
  ])("answers %s with an error reply", async (_, body, message) => {
    const reply = await request(Buffer.from(body, "hex"));
    const decoded = chainResponse.decode(reply.content);
    expect(decoded.error?.message).toMatch(message);
  });

  it.each([
    ["a wrong content type", { contentType: "application/json" }, 'unsupported content type "application/json"'],
    ["no content type", { contentType: undefined }, "unsupported content type none"],
  ])("answers %s with an error reply", async (_, properties, message) => {
    const reply = await request(Buffer.from("2200", "hex"), properties);
    expect(chainResponse.decode(reply.content).error?.message).toContain(message);
  });

  it("keeps serving after a request without reply_to, which it cannot answer", async () => {
    channel.publish("koinos.rpc", "koinos.rpc.chain", Buffer.from("2200", "hex"), { contentType: "application/octet-stream", correlationId: "NOREPLY" });
    const reply = await request(Buffer.from("2a00", "hex")); // get_chain_id
    expect(chainResponse.decode(reply.content).getChainId).toBeDefined();
    expect(replies.has("NOREPLY")).toBe(false);
  });

  it("declares exchange, queue and binding with the Koinos flags and no x-arguments", async () => {
    // Redeclaring with the flags of the Go and C++ services would fail with 406 if ours differed.
    await declareKoinosExchanges(channel);
    await channel.assertQueue("koinos.rpc.chain", { durable: true, exclusive: false, autoDelete: false });
    const queues = await listRows("list_queues", vhost.name, ["name", "durable", "auto_delete", "exclusive", "arguments"]);
    expect(queues).toContainEqual(["koinos.rpc.chain", "true", "false", "false", "[]"]);
    const bindings = await listRows("list_bindings", vhost.name, ["source_name", "destination_name", "routing_key"]);
    expect(bindings).toContainEqual(["koinos.rpc", "koinos.rpc.chain", "koinos.rpc.chain"]);
  });
});

