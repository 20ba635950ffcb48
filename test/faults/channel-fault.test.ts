import type { Channel } from "amqplib";
import { expect, it, vi } from "vitest";
import type { BusEvents } from "koinos-mq-ts";
import { ConnectionManager } from "../../runtime/connection/connection-manager.js";
import type { ChannelUser } from "../../runtime/connection/managed-channel.js";
import { silentLogger } from "../../runtime/logger.js";
import { TypedEvents } from "../../runtime/util/typed-events.js";
import { useVhost } from "../helpers/vhost.js";

/** A fault on one channel (here a 404 from a passive declare) reopens that channel only. */
const vhost = useVhost(import.meta.filename);

function user(name: string): ChannelUser & { setups: Channel[]; losses: number } {
  const u = {
    name,
    setups: [] as Channel[],
    losses: 0,
    setup: async (channel: Channel) => void u.setups.push(channel),
    lost: () => void u.losses++,
  };
  return u;
}

it("reopens the failed channel alone, on the same connection", async () => {
  const events = new TypedEvents<BusEvents>(silentLogger);
  const disconnected = vi.fn();
  const channelErrors: string[] = [];
  events.on("disconnected", disconnected);
  events.on("channel-error", (e) => channelErrors.push(e.channel));
  const manager = new ConnectionManager({ url: vhost.url, reconnect: { initialDelayMs: 20 } }, events);
  await manager.start();
  const a = user("a");
  const b = user("b");
  const channelA = manager.channel(a);
  const channelB = manager.channel(b);
  await Promise.all([channelA.firstSetup, channelB.firstSetup]);
  const model = manager.model;

  await expect(channelA.current?.checkQueue("no-such-queue")).rejects.toThrow(/404/);
  await vi.waitFor(() => expect(a.setups).toHaveLength(2));
  expect(a.losses).toBe(1);
  expect(channelErrors).toEqual(["a"]);
  expect(b.setups).toHaveLength(1);
  expect(b.losses).toBe(0);
  expect(channelB.current).toBe(b.setups[0]);
  expect(manager.model).toBe(model);
  expect(disconnected).not.toHaveBeenCalled();
  await manager.close();
});
