import { connect as rawConnect } from "amqplib";
import { connect } from "koinos-mq-ts";
import { blockIrreversible } from "../generated/koinos/broadcast/broadcast.js";
import { KoinosEvents } from "../generated/koinos/broadcast/broadcast_mq.js";
import { measureCost } from "./cpu.js";
import { Latencies, perCall, sleep } from "./stats.js";

export interface BroadcastFigures {
  /** Events per second, each delivered to every subscriber. */
  readonly rate: number;
  /** Publish-to-handler latency. */
  readonly p50: number;
  readonly p99: number;
  /** Per event published: CPU of this process and of the broker in µs, socket writes, AMQP frames. */
  readonly selfUs: number;
  readonly brokerUs: number;
  readonly writes: number;
  readonly frames: number;
}

const topic = "koinos.block.irreversible";

/** Waits until every counter reaches `n`. */
async function allReceived(counts: number[], n: number): Promise<void> {
  while (counts.some((c) => c < n)) await sleep(5);
}

/** The typed path: bus.publish to `subscribers` buses subscribed with KoinosEvents. */
export async function generatedBroadcast(url: string, subscribers: number, events: number, prefetch: number): Promise<BroadcastFigures> {
  const sentAt = new Float64Array(events);
  const latencies = new Latencies();
  const counts = Array.from({ length: subscribers }, () => 0);
  const buses = await Promise.all(Array.from({ length: subscribers }, () => connect({ url })));
  await Promise.all(
    buses.map((bus, s) =>
      bus.subscribe(
        KoinosEvents,
        topic,
        (e) => {
          latencies.add(performance.now() - (sentAt[Number(e.message.topology?.height)] ?? 0));
          counts[s] = (counts[s] ?? 0) + 1;
        },
        { prefetch },
      ),
    ),
  );
  const publisher = await connect({ url });
  const stop = measureCost();
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    sentAt[i] = performance.now();
    await publisher.publish(KoinosEvents, topic, { topology: { height: String(i) } });
  }
  await allReceived(counts, events);
  const elapsed = performance.now() - started;
  const cost = stop();
  await Promise.all([publisher, ...buses].map((b) => b.close()));
  return { rate: (events / elapsed) * 1000, p50: latencies.quantile(0.5), p99: latencies.quantile(0.99), ...perCall(cost, events) };
}

/** The floor: amqplib publishing the same encoded bytes to the same number of queues, acking each delivery. */
export async function rawBroadcast(url: string, subscribers: number, events: number, prefetch: number): Promise<BroadcastFigures> {
  const sentAt = new Float64Array(events);
  const latencies = new Latencies();
  const counts = Array.from({ length: subscribers }, () => 0);
  const connections = await Promise.all(Array.from({ length: subscribers + 1 }, () => rawConnect(url, { noDelay: true })));
  const exchange = { durable: true, autoDelete: false, internal: false };
  for (const [s, connection] of connections.slice(1).entries()) {
    const channel = await connection.createChannel();
    await channel.prefetch(prefetch);
    await channel.assertExchange("koinos.event", "topic", exchange);
    const { queue } = await channel.assertQueue("", { durable: false, exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, "koinos.event", topic);
    await channel.consume(queue, (msg) => {
      if (msg === null) return;
      latencies.add(performance.now() - (sentAt[Number(msg.properties.messageId)] ?? 0));
      counts[s] = (counts[s] ?? 0) + 1;
      channel.ack(msg);
    });
  }
  const publisher = await (connections[0] as (typeof connections)[number]).createChannel();
  await publisher.assertExchange("koinos.event", "topic", exchange);
  const bodies = Array.from({ length: events }, (_, i) => Buffer.from(blockIrreversible.encode(blockIrreversible.fromPartial({ topology: { height: String(i) } })).finish()));
  const stop = measureCost();
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    sentAt[i] = performance.now();
    const ok = publisher.publish("koinos.event", topic, bodies[i] as Buffer, { contentType: "application/octet-stream", deliveryMode: 2, messageId: String(i) });
    if (!ok) await new Promise((resolve) => publisher.once("drain", resolve));
  }
  await allReceived(counts, events);
  const elapsed = performance.now() - started;
  const cost = stop();
  await Promise.all(connections.map((c) => c.close()));
  return { rate: (events / elapsed) * 1000, p50: latencies.quantile(0.5), p99: latencies.quantile(0.99), ...perCall(cost, events) };
}
