import type { ConsumeMessage } from "amqplib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bus } from "koinos-mq-ts";
import { blockAccepted, forkHeads } from "../../generated/koinos/broadcast/broadcast.js";
import { KoinosEvents, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { busFactory } from "../helpers/buses.js";
import { listRows } from "../helpers/rabbitmqctl.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

/** Events on the wire, against peers that publish and subscribe as koinos-mq-cpp and koinos-mq-golang do. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);
let bus: Bus;

beforeAll(async () => {
  bus = await openBus();
});

describe("publishing", () => {
  it("reaches a Go-style subscriber on koinos.event under the topic, as raw protobuf", async () => {
    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    // koinos-mq-golang: server-named, exclusive, auto-delete queue bound with the topic; auto-ack.
    const { queue } = await channel.assertQueue("", { durable: false, exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, "koinos.event", "koinos.block.forks");
    const received: ConsumeMessage[] = [];
    await channel.consume(queue, (msg) => msg !== null && received.push(msg), { noAck: true });
    await bus.publish(KoinosEvents, "koinos.block.forks", { heads: [{ height: "3" }, { height: "4" }] });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const msg = received[0] as ConsumeMessage;
    expect(msg.fields.exchange).toBe("koinos.event");
    expect(msg.fields.routingKey).toBe("koinos.block.forks");
    expect(msg.properties.contentType).toBe("application/octet-stream");
    expect(new Uint8Array(msg.content)).toEqual(forkHeads.encode(forkHeads.fromPartial({ heads: [{ height: "3" }, { height: "4" }] })).finish());
  });
});

describe("subscribing", () => {
  it("receives what a C++-style publisher sends, through an exclusive auto-delete queue bound with the pattern", async () => {
    const got: KoinosEvent[] = [];
    const sub = await bus.subscribe(KoinosEvents, "koinos.block.*", (e) => void got.push(e));
    const queues = await listRows("list_queues", vhost.name, ["name", "durable", "auto_delete", "exclusive", "arguments"]);
    expect(queues).toContainEqual([sub.queue, "false", "true", "true", "[]"]);
    const bindings = await listRows("list_bindings", vhost.name, ["source_name", "destination_name", "routing_key"]);
    expect(bindings).toContainEqual(["koinos.event", sub.queue, "koinos.block.*"]);

    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    const body = Buffer.from(blockAccepted.encode(blockAccepted.fromPartial({ live: true, head: true })).finish());
    // koinos-mq-cpp publishes broadcasts persistent, with the octet-stream content type.
    channel.publish("koinos.event", "koinos.block.accept", body, { contentType: "application/octet-stream", deliveryMode: 2 });
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]?.message).toMatchObject({ live: true, head: true });
    await sub.unsubscribe();
  });
});
