import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BusClosedError,
  ConnectionLostError,
  InvalidArgumentError,
  NoRouteError,
  RpcTimeoutError,
  createMemoryBroker,
  createMemoryBus,
  type MemoryBroker,
} from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { latch, rawService, text, untext } from "../helpers/raw-service.js";

/**
 * What only the memory bus has: brokers, their queues, the switches that
 * take a bus down, fake timers. Its behaviour as a Bus is in test/contract,
 * against RabbitMQ too.
 */
describe("memory brokers", () => {
  it("keep their buses apart: a bus sees the services and events of buses on its own broker only", async () => {
    const service = rawService("apart");
    const node = createMemoryBus();
    const sameBroker = createMemoryBus({ broker: node.broker });
    const otherBroker = createMemoryBus();
    await node.serve(service, { echo: (request) => request });
    const heard: string[] = [];
    await node.subscribeRaw("#", (e) => void heard.push(e.topic));
    expect(untext(await sameBroker.call(service.methods.echo, text("same")))).toBe("same");
    await expect(otherBroker.call(service.methods.echo, text("other"))).rejects.toBeInstanceOf(NoRouteError);
    await otherBroker.publishRaw("from.other", new Uint8Array());
    await sameBroker.publishRaw("from.same", new Uint8Array());
    await vi.waitFor(() => expect(heard).toEqual(["from.same"]));
    await Promise.all([node.close(), sameBroker.close(), otherBroker.close()]);
  });

  it("tell what a queue holds: messages waiting, consumers, deliveries not yet acknowledged", async () => {
    const service = rawService("inspected");
    const broker = createMemoryBroker({ name: "inspected" });
    expect(broker.name).toBe("inspected");
    expect(broker.queue(service.routingKey)).toBeUndefined();
    const serving = createMemoryBus({ broker });
    const held = latch();
    const served = await serving.serve(
      service,
      {
        echo: async (request) => {
          await held.promise;
          return request;
        },
      },
      { concurrency: 1 },
    );
    const caller = createMemoryBus({ broker });
    const calls = [1, 2, 3, 4].map((i) => caller.call(service.methods.echo, text(String(i))));
    // Prefetch twice the concurrency: two with the server, two in the queue.
    await vi.waitFor(() => expect(broker.queue(service.routingKey)).toEqual({ messages: 2, consumers: 1, unacknowledged: 2 }));
    held.release();
    expect((await Promise.all(calls)).map(untext)).toEqual(["1", "2", "3", "4"]);
    await served.stop();
    expect(broker.queue(service.routingKey)).toEqual({ messages: 0, consumers: 0, unacknowledged: 0 });
    await Promise.all([serving.close(), caller.close()]);
  });
});

describe("createMemoryBus", () => {
  it("refuses a broker it did not make and options out of range", () => {
    const fake = { name: "fake", queue: () => undefined } as MemoryBroker;
    expect(() => createMemoryBus({ broker: fake })).toThrow(InvalidArgumentError);
    expect(() => createMemoryBus({ callTimeoutMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => createMemoryBus({ maxPendingCalls: 0 })).toThrow(InvalidArgumentError);
    expect(() => createMemoryBus({ maxWaitingPublishes: 1.5 })).toThrow(InvalidArgumentError);
  });

  it("is ready at once, named as asked, and says memory://<broker> when it connects again", async () => {
    const bus = createMemoryBus({ name: "under-test", broker: createMemoryBroker({ name: "local" }) });
    expect(bus.state).toBe("ready");
    expect(bus.name).toBe("under-test");
    const connected: unknown[] = [];
    bus.on("connected", (e) => connected.push(e));
    bus.disconnect();
    bus.reconnect();
    expect(connected).toEqual([{ url: "memory://local", reconnected: true }]);
    await bus.close();
  });
});

describe("taking a memory bus down", () => {
  it("disconnect and giveUp do nothing twice; reconnect does nothing while ready and throws once the bus gave up or closed", async () => {
    const bus = createMemoryBus();
    const events: string[] = [];
    bus.on("disconnected", () => events.push("disconnected"));
    bus.on("connected", () => events.push("connected"));
    bus.on("reconnect-failed", () => events.push("reconnect-failed"));
    bus.reconnect();
    bus.disconnect();
    bus.disconnect();
    expect(bus.state).toBe("reconnecting");
    bus.giveUp(new Error("enough"));
    bus.giveUp();
    expect(events).toEqual(["disconnected", "reconnect-failed"]);
    expect(() => bus.reconnect()).toThrow(ConnectionLostError);
    expect(() => bus.reconnect()).toThrow(/gave up reconnecting: enough/);
    await bus.close();
    const closed = createMemoryBus();
    await closed.close();
    closed.disconnect();
    closed.giveUp();
    expect(() => closed.reconnect()).toThrow(BusClosedError);
    expect(closed.state).toBe("closed");
  });

  it("from ready, giveUp disconnects first, as a bus whose reconnect budget runs out does", async () => {
    const bus = createMemoryBus();
    const events: string[] = [];
    bus.on("disconnected", (e) => events.push(`disconnected: ${e.error.message}`));
    bus.on("reconnect-failed", (e) => events.push(`reconnect-failed: ${e.error.message}`));
    bus.giveUp(new Error("the broker is gone"));
    expect(events).toEqual(["disconnected: the broker is gone", "reconnect-failed: the broker is gone"]);
    expect(bus.state).toBe("failed");
    await bus.close();
  });
});

describe("under fake timers", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("deliveries go on, and deadlines follow the fake clock", async () => {
    vi.useFakeTimers();
    const service = rawService("faked");
    const bus = createMemoryBus();
    await bus.serve(service, {
      echo: async (request, context) => {
        if (untext(request) === "slow") await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
        return request;
      },
    });
    const heard: string[] = [];
    await bus.subscribe(KoinosEvents, "koinos.block.*", (e) => void heard.push(e.topic));
    expect(untext(await bus.call(service.methods.echo, text("fast")))).toBe("fast");
    await bus.publish(KoinosEvents, "koinos.block.accept", {});
    await vi.waitFor(() => expect(heard).toEqual(["koinos.block.accept"]));
    const slow = bus.call(service.methods.echo, text("slow"), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await slow).toBeInstanceOf(RpcTimeoutError);
    await bus.close();
  });
});
