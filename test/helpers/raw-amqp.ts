import { afterAll } from "vitest";
import { connect, type Channel, type ChannelModel } from "amqplib";

/**
 * A plain amqplib connection and channel, closed after the test file: the
 * "other side" for wire-level tests, written the way the Go and C++ Koinos
 * libraries use AMQP.
 */
export function rawAmqp(url: string): () => Promise<{ connection: ChannelModel; channel: Channel }> {
  const opened: ChannelModel[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
  });
  return async () => {
    const connection = await connect(url, { noDelay: true });
    connection.on("error", () => undefined);
    opened.push(connection);
    const channel = await connection.createChannel();
    channel.on("error", () => undefined);
    return { connection, channel };
  };
}

/** Declares the Koinos exchanges with the flags koinos-mq-golang and koinos-mq-cpp use. */
export async function declareKoinosExchanges(channel: Channel): Promise<void> {
  await channel.assertExchange("koinos.rpc", "direct", { durable: true, autoDelete: false, internal: false });
  await channel.assertExchange("koinos.event", "topic", { durable: true, autoDelete: false, internal: false });
}

/** Hex of bytes, for readable wire assertions. */
export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
