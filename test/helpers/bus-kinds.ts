import { afterAll, vi } from "vitest";
import { connect, createMemoryBroker, createMemoryBus, type Bus, type MemoryBus, type MemoryBusOptions } from "koinos-mq-ts";
import { queueInfo } from "./queue-info.js";
import { listRows } from "./rabbitmqctl.js";
import { TcpProxy } from "./tcp-proxy.js";
import { useVhost } from "./vhost.js";

/** Options both kinds of bus take. */
export type BusOptions = Omit<MemoryBusOptions, "broker">;

/**
 * One kind of Bus for the contract suite: the RabbitMQ bus or the memory
 * bus, each with a broker of its own for the test file (a vhost, a memory
 * broker), the same ways to look into a queue, and the same faults on one
 * bus: its connection lost until told to come back, or lost for good.
 */
export interface BusKind {
  readonly name: "memory" | "rabbitmq";
  /** A bus on this kind's broker, closed after the test file. */
  open(options?: BusOptions): Promise<Bus>;
  /** Messages ready in a queue and its consumers, or undefined if there is no such queue. */
  queue(name: string): Promise<{ messages: number; consumers: number } | undefined>;
  /** Cuts `bus` off from its broker; resolves once it is `reconnecting`. */
  disconnect(bus: Bus): Promise<void>;
  /** Lets `bus` connect again; resolves once it is `ready`. */
  reconnect(bus: Bus): Promise<void>;
  /** Makes `bus` give up reconnecting; resolves once it is `failed`. */
  giveUp(bus: Bus): Promise<void>;
}

/** Reconnect quickly; a few failed attempts in a row (only giveUp makes attempts fail) and the bus gives up. */
const reconnect = { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 };

/**
 * Both kinds, for `describe.each(busKinds(import.meta.filename))("$name", (kind) => ...)`.
 * Every RabbitMQ bus connects through a TCP proxy of its own (see
 * TcpProxy), so that its faults touch no other bus and not the shared broker.
 */
export function busKinds(testFile: string): BusKind[] {
  return [memoryKind(), rabbitmqKind(testFile)];
}

function memoryKind(): BusKind {
  const broker = createMemoryBroker();
  const buses: Bus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });
  const memory = (bus: Bus) => bus as MemoryBus;
  return {
    name: "memory",
    open: (options = {}) => {
      const bus = createMemoryBus({ ...options, broker });
      buses.push(bus);
      return Promise.resolve(bus);
    },
    queue: (name) => {
      const info = broker.queue(name);
      return Promise.resolve(info === undefined ? undefined : { messages: info.messages, consumers: info.consumers });
    },
    disconnect: (bus) => Promise.resolve(memory(bus).disconnect()),
    reconnect: (bus) => Promise.resolve(memory(bus).reconnect()),
    giveUp: (bus) => Promise.resolve(memory(bus).giveUp()),
  };
}

function rabbitmqKind(testFile: string): BusKind {
  const vhost = useVhost(testFile);
  const open = new Map<Bus, TcpProxy>();
  afterAll(async () => {
    // A bus whose connection attempt a proxy holds would wait for it to close.
    for (const proxy of open.values()) proxy.release();
    await Promise.all([...open.keys()].map((bus) => bus.close()));
    for (const proxy of open.values()) proxy.close();
  });
  const proxyOf = (bus: Bus) => {
    const proxy = open.get(bus);
    if (proxy === undefined) throw new Error(`bus ${bus.name} was not opened by this kind`);
    return proxy;
  };
  const inState = (bus: Bus, state: Bus["state"]) => vi.waitFor(() => {
    if (bus.state !== state) throw new Error(`bus ${bus.name} is ${bus.state}, not ${state}`);
  }, { timeout: 10_000, interval: 5 });
  return {
    name: "rabbitmq",
    open: async (options = {}) => {
      const proxy = await TcpProxy.start(vhost.url);
      // A stalled connection attempt must wait for reconnect() rather than fail on its own.
      const bus = await connect({ ...options, url: proxy.url(vhost.url), reconnect, connectTimeoutMs: 60_000 });
      open.set(bus, proxy);
      return bus;
    },
    queue: async (name) => {
      // Another connection's exclusive queue (a subscription's) cannot be declared passively: ask rabbitmqctl.
      if (!name.startsWith("amq.gen-")) return queueInfo(vhost.url, name);
      const row = (await listRows("list_queues", vhost.name, ["name", "messages_ready", "consumers"])).find(([queue]) => queue === name);
      return row === undefined ? undefined : { messages: Number(row[1]), consumers: Number(row[2]) };
    },
    disconnect: async (bus) => {
      const proxy = proxyOf(bus);
      proxy.mode = "stall";
      proxy.dropAll();
      await inState(bus, "reconnecting");
    },
    reconnect: async (bus) => {
      proxyOf(bus).release();
      await inState(bus, "ready");
    },
    giveUp: async (bus) => {
      const proxy = proxyOf(bus);
      proxy.mode = "refuse";
      proxy.dropAll();
      proxy.dropStalled();
      await inState(bus, "failed");
    },
  };
}
