import { expect, it, vi } from "vitest";
import { OverloadedError } from "koinos-mq-ts";
import { KoinosEvents, type KoinosEvent } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { busFactory } from "../helpers/buses.js";
import { withMemoryAlarm } from "../helpers/faults.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * A memory alarm makes the broker block publishing connections: publishes
 * wait, bounded, and go out once it lifts; consumers on another connection
 * keep running.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);

it("holds publishes while the broker blocks the connection, up to maxWaitingPublishes", { timeout: 60_000 }, async () => {
  const subscriber = await openBus();
  const got: KoinosEvent<"koinos.gossip.status">[] = [];
  await subscriber.subscribe(KoinosEvents, "koinos.gossip.status", (e) => void got.push(e));
  const publisher = await openBus({ maxWaitingPublishes: 4 });
  const blocked = new Promise<{ reason: string }>((resolve) => publisher.on("blocked", resolve));
  const unblocked = new Promise<unknown>((resolve) => publisher.on("unblocked", resolve));

  const outcomes = await withMemoryAlarm(async () => {
    // The first publish meets the alarm; the broker answers with connection.blocked.
    const first = publisher.publish(KoinosEvents, "koinos.gossip.status", { enabled: true }, { timeoutMs: 30_000 });
    expect((await blocked).reason).toMatch(/memory/i);
    const held = Array.from({ length: 6 }, () => publisher.publish(KoinosEvents, "koinos.gossip.status", { enabled: false }, { timeoutMs: 30_000 }).catch((e: unknown) => e));
    // Blocked: nothing has gone out, and the publishes over the bound were refused at once.
    expect(got).toHaveLength(0);
    return { first, held };
  });
  await unblocked;
  await outcomes.first;
  const held = await Promise.all(outcomes.held);
  expect(held.filter((r) => r instanceof OverloadedError)).toHaveLength(2);
  await vi.waitFor(() => expect(got).toHaveLength(5));
});
