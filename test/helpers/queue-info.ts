import { connect } from "amqplib";

/**
 * Messages ready in a queue and its consumers, read live through an AMQP
 * passive declaration on a connection of its own (rabbitmqctl's figures lag
 * behind on a busy broker); undefined if the queue does not exist.
 */
export async function queueInfo(url: string, queue: string): Promise<{ messages: number; consumers: number } | undefined> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    channel.on("error", () => undefined);
    const ok = await channel.checkQueue(queue).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw error;
    });
    return ok === undefined ? undefined : { messages: ok.messageCount, consumers: ok.consumerCount };
  } finally {
    await connection.close().catch(() => undefined);
  }
}
