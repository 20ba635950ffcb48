import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Socket } from "node:net";
import { connect, type ChannelModel, type ConsumeMessage } from "amqplib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { AckBatcher } from "../../runtime/amqp/ack-batcher.js";
import { batchWrites } from "../../runtime/amqp/batched-writes.js";
import { silentLogger } from "../../runtime/logger.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { queueInfo } from "../helpers/queue-info.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * Fewer frames and fewer syscalls, against the amqplib version this
 * package pins and the real broker: a turn's frames leave in one write, and
 * finished deliveries are acked in batches without holding back later ones.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const require = createRequire(import.meta.url);
/** amqplib's own files (its package exports only its API): the tests look under the hood. */
const amqplibDir = dirname(require.resolve("amqplib"));
const amqplibVersion = (JSON.parse(readFileSync(join(amqplibDir, "package.json"), "utf8")) as { version: string }).version;

const opened: ChannelModel[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close().catch(() => undefined)));
});
async function rawConnection(): Promise<ChannelModel> {
  const model = await connect(vhost.url, { noDelay: true });
  opened.push(model);
  return model;
}

/** Counts the socket's writes (one `write` or `writev` syscall each, as Node hands them to libuv). */
function countWrites(model: ChannelModel): { writes: number } {
  const socket = (model as unknown as { connection: { stream: Socket } }).connection.stream as Socket & {
    _write: (...a: unknown[]) => void;
    _writev: (...a: unknown[]) => void;
  };
  const counter = { writes: 0 };
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...a: unknown[]) => {
    counter.writes++;
    write(...a);
  };
  socket._writev = (...a: unknown[]) => {
    counter.writes++;
    writev(...a);
  };
  return counter;
}

/** Counts basic.ack frames sent by every amqplib connection of this process, and how many had `multiple`. */
function countAckFrames(): { frames: number; multiple: number; restore: () => void } {
  const { Connection } = require(join(amqplibDir, "lib/connection.js")) as { Connection: { prototype: { sendMethod: (...a: unknown[]) => unknown } } };
  const defs = require(join(amqplibDir, "lib/defs.js")) as { BasicAck: number };
  const original = Connection.prototype.sendMethod;
  const counts = {
    frames: 0,
    multiple: 0,
    restore: () => {
      Connection.prototype.sendMethod = original;
    },
  };
  Connection.prototype.sendMethod = function (this: unknown, channel: unknown, method: unknown, fields: unknown) {
    if (method === defs.BasicAck) {
      counts.frames++;
      if ((fields as { multiple?: boolean }).multiple === true) counts.multiple++;
    }
    return original.call(this, channel, method, fields);
  };
  return counts;
}

describe(`writes batched into amqplib ${amqplibVersion}'s multiplexer`, () => {
  it("is the version the hook was written for", () => {
    expect(amqplibVersion).toBe("2.3.1");
  });

  it("sends the frames of one turn in one socket write, all of them arriving", async () => {
    const plain = await rawConnection();
    const corked = await rawConnection();
    expect(batchWrites(corked, silentLogger)).toBe(true);
    const received = { plain: 0, corked: 0 };
    const writes = { plain: countWrites(plain), corked: countWrites(corked) };
    for (const [name, model] of [["plain", plain], ["corked", corked]] as const) {
      const channel = await model.createChannel();
      const { queue } = await channel.assertQueue("", { exclusive: true });
      await channel.consume(queue, () => void received[name]++, { noAck: true });
      const before = writes[name].writes;
      for (let i = 0; i < 50; i++) channel.sendToQueue(queue, Buffer.from([i]));
      await vi.waitFor(() => expect(received[name]).toBe(50));
      writes[name].writes -= before;
    }
    expect(writes.plain.writes).toBe(50);
    expect(writes.corked.writes).toBe(1);
  });

  it("keeps backpressure: a full buffer still stops publishes until drain, and everything arrives", async () => {
    const model = await rawConnection();
    batchWrites(model, silentLogger);
    const channel = await model.createChannel();
    const { queue } = await channel.assertQueue("", { exclusive: true });
    let received = 0;
    await channel.consume(queue, () => void received++, { noAck: true });
    const body = Buffer.alloc(1024, 7);
    let refused = 0;
    // More frames than a channel buffers (1024): publishing must wait for drain.
    for (let i = 0; i < 3000; i++) {
      if (!channel.sendToQueue(queue, body)) {
        refused++;
        await new Promise((resolve) => channel.once("drain", resolve));
      }
    }
    expect(refused).toBeGreaterThan(0);
    await vi.waitFor(() => expect(received).toBe(3000), { timeout: 20_000 });
  });

  it("leaves a connection of another shape alone, and says so", () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_: Record<string, unknown>, message: string) => void warnings.push(message) };
    expect(batchWrites({ connection: { muxer: {} } } as unknown as ChannelModel, logger)).toBe(false);
    expect(warnings).toEqual(["amqplib's writer has an unexpected shape; frames are written one by one"]);
  });
});

describe("AckBatcher on a real channel", () => {
  /** A queue with `n` messages and a manual-ack consumer on a channel of prefetch `prefetch`. */
  async function consumer(n: number, prefetch: number) {
    const model = await rawConnection();
    const channel = await model.createChannel();
    await channel.prefetch(prefetch);
    const { queue } = await channel.assertQueue(`acks-${n}-${prefetch}-${Math.random().toString(36).slice(2)}`, { durable: false, autoDelete: false });
    for (let i = 0; i < n; i++) channel.sendToQueue(queue, Buffer.from([i]));
    const acks = new AckBatcher(channel, (error) => {
      throw error;
    });
    return { model, channel, queue, acks };
  }

  it("acks in-order completions of a turn with one multiple ack", async () => {
    const frames = countAckFrames();
    try {
      const { channel, queue, acks } = await consumer(100, 100);
      const got: ConsumeMessage[] = [];
      await channel.consume(queue, (m) => {
        if (m === null) return;
        acks.received(m);
        got.push(m);
      });
      await vi.waitFor(() => expect(got).toHaveLength(100));
      for (const m of got) acks.done(m);
      await vi.waitFor(() => expect(acks.counts.multiple).toBe(1));
      expect(acks.counts.single).toBe(0);
      await channel.close();
      // Everything was acked: nothing went back to the queue when the channel closed.
      expect((await queueInfo(vhost.url, queue))?.messages).toBe(0);
      expect(frames.frames).toBe(1);
      expect(frames.multiple).toBe(1);
    } finally {
      frames.restore();
    }
  });

  it("does not let a slow delivery hold back the acks, and the prefetch window, of later ones", async () => {
    const { channel, queue, acks } = await consumer(30, 5);
    let held: ConsumeMessage | undefined;
    let handled = 0;
    await channel.consume(queue, (m) => {
      if (m === null) return;
      acks.received(m);
      if (held === undefined) held = m;
      else {
        handled++;
        acks.done(m);
      }
    });
    // With the first one unacknowledged and a window of 5, the other 29 still flow through.
    await vi.waitFor(() => expect(handled).toBe(29), { timeout: 10_000 });
    expect(acks.counts.single).toBeGreaterThan(0);
    acks.done(held as ConsumeMessage);
    acks.flush();
    await channel.close();
    expect((await queueInfo(vhost.url, queue))?.messages).toBe(0);
  });

  it("leaves unacknowledged deliveries to be redelivered when the channel closes", async () => {
    const { channel, queue, acks } = await consumer(10, 10);
    const got: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => {
      if (m === null) return;
      acks.received(m);
      got.push(m);
    });
    await vi.waitFor(() => expect(got).toHaveLength(10));
    for (const m of got.slice(0, 6)) acks.done(m);
    acks.flush();
    await channel.close();
    expect((await queueInfo(vhost.url, queue))?.messages).toBe(4);
  });
});

describe("a server", () => {
  it("acks many concurrent requests with far fewer ack frames than requests", async () => {
    await (await openBus()).serve(ChainService, chainServer, { concurrency: 64 });
    const chain = new ChainClient(await openBus());
    const frames = countAckFrames();
    try {
      await Promise.all(Array.from({ length: 400 }, () => chain.getHeadInfo()));
      await vi.waitFor(() => expect(frames.frames).toBeGreaterThan(0));
      expect(frames.frames).toBeLessThan(200);
      expect(frames.multiple).toBeGreaterThan(0);
    } finally {
      frames.restore();
    }
  });

  it("keeps answering while one slow request holds its slot: finished ones are acked and the window moves on", async () => {
    let release = () => undefined as void;
    const slow: ChainServer = {
      ...chainServer,
      submitBlock: () => new Promise((resolve) => (release = () => resolve({}))),
    };
    // Four handlers, a window of eight: without acks of later requests it would fill up behind the slow one.
    const served = await (await openBus()).serve(ChainService, slow, { concurrency: 4 });
    const chain = new ChainClient(await openBus());
    const held = chain.submitBlock({}, { timeoutMs: 20_000 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => chain.getHeadInfo({}, { timeoutMs: 20_000 })));
    expect(answers).toHaveLength(100);
    release();
    await held;
    await served.stop();
    expect((await queueInfo(vhost.url, "koinos.rpc.chain"))?.messages).toBe(0);
  });
});
