import type { Channel } from "amqplib";

/**
 * Cancels the consumer `tag` on `channel` when both are there. A channel
 * that is closing under it is no failure (the broker requeues whatever the
 * consumer held): `gone` hears of it.
 */
export async function cancelConsumer(channel: Channel | undefined, tag: string | undefined, gone: (error: unknown) => void): Promise<void> {
  if (channel === undefined || tag === undefined) return;
  try {
    await channel.cancel(tag);
  } catch (error) {
    gone(error);
  }
}
