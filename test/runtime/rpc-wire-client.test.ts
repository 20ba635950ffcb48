import type { ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it } from "vitest";
import { chainRequest, chainResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainClient } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { listRows } from "../helpers/rabbitmqctl.js";
import { declareKoinosExchanges, hex, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * Our client on the wire, answered by a peer written with plain amqplib the
 * way koinos-mq-cpp serves; requests are compared with ts-proto's encoding
 * of the envelopes (an independent encoder).
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

describe("our client, calling a Koinos-style server", () => {
  const received: ConsumeMessage[] = [];

  beforeAll(async () => {
    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    await channel.assertQueue("koinos.rpc.chain", { durable: true, exclusive: false, autoDelete: false });
    await channel.bindQueue("koinos.rpc.chain", "koinos.rpc", "koinos.rpc.chain");
    // Like koinos-mq-cpp: auto-ack, reply published to koinos.rpc with the reply queue as routing key.
    await channel.consume(
      "koinos.rpc.chain",
      (msg) => {
        if (msg === null) return;
        received.push(msg);
        const request = chainRequest.decode(msg.content);
        const response = request.getAccountRc !== undefined ? { getAccountRc: { rc: "123456789012345678" } } : { getChainId: { chainId: new Uint8Array([1]) } };
        channel.publish("koinos.rpc", msg.properties.replyTo, Buffer.from(chainResponse.encode(response).finish()), {
          correlationId: msg.properties.correlationId,
          contentType: msg.properties.contentType,
          deliveryMode: 2,
        });
      },
      { noAck: true },
    );
  });

  it("publishes to koinos.rpc with the properties Koinos servers require, and reads their reply", async () => {
    const bus = await openBus();
    const r = await new ChainClient(bus).getAccountRc({ account: new Uint8Array([7, 7]) }, { timeoutMs: 4000 });
    expect(r.rc).toBe("123456789012345678");
    const msg = received.at(-1) as ConsumeMessage;
    expect(msg.fields.exchange).toBe("koinos.rpc");
    expect(msg.fields.routingKey).toBe("koinos.rpc.chain");
    expect(msg.properties.contentType).toBe("application/octet-stream");
    expect(msg.properties.correlationId).toMatch(/^[0-9A-Za-z]{9,}$/);
    expect(msg.properties.replyTo).toMatch(/^amq\.gen-/);
    expect(Number(msg.properties.expiration)).toBeGreaterThan(0);
    expect(Number(msg.properties.expiration)).toBeLessThanOrEqual(4000);
    // Transient by default, as koinos-mq-golang sends them (see the README's performance section).
    expect(msg.properties.deliveryMode).toBe(1);
    expect(hex(msg.content)).toBe(hex(chainRequest.encode({ getAccountRc: { account: new Uint8Array([7, 7]) } }).finish()));
  });

  it("sends persistent requests when asked to", async () => {
    const bus = await openBus({ requests: { persistent: true } });
    await new ChainClient(bus).getChainId();
    expect((received.at(-1) as ConsumeMessage).properties.deliveryMode).toBe(2);
  });

  it("encodes envelopes byte for byte as protobuf does: empty members, negative int64, nested and optional fields", async () => {
    const bus = await openBus();
    const chain = new ChainClient(bus);
    const requests = [
      { getChainId: {} },
      { invokeSystemCall: { id: "-5", args: new Uint8Array([1]), callerData: { callerPrivilege: 1 } } },
      { invokeSystemCall: { name: "x", callerData: {} } },
      { submitTransaction: { transaction: { id: new Uint8Array([1]), header: { rcLimit: "100", payer: new Uint8Array([2]) } }, broadcast: true } },
    ] as const;
    for (const request of requests) {
      const [[name, body]] = Object.entries(request) as [[keyof typeof chain, never]];
      await (chain[name] as (b: never) => Promise<unknown>)(body).catch(() => undefined);
      expect(hex((received.at(-1) as ConsumeMessage).content)).toBe(hex(chainRequest.encode(chainRequest.fromPartial(request)).finish()));
    }
    expect(hex((received.at(-3) as ConsumeMessage).content)).toContain("08fbffffffffffffffff01");
    const ids = received.slice(-4).map((m) => String(m.properties.correlationId));
    expect(new Set(ids).size).toBe(4);
    expect(new Set(ids.map((id) => id.substring(0, 8))).size).toBe(1);
  });

  it("uses a private reply queue bound to koinos.rpc under its own name", async () => {
    const bus = await openBus({ name: "wire-reply-queue-check" });
    await new ChainClient(bus).getChainId();
    const replyTo = String((received.at(-1) as ConsumeMessage).properties.replyTo);
    const queues = await listRows("list_queues", vhost.name, ["name", "durable", "auto_delete", "exclusive"]);
    expect(queues).toContainEqual([replyTo, "false", "true", "true"]);
    const bindings = await listRows("list_bindings", vhost.name, ["source_name", "destination_name", "routing_key"]);
    expect(bindings).toContainEqual(["koinos.rpc", replyTo, replyTo]);
  });
});
