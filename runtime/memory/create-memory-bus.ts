import type { BusEvents } from "../bus-events.js";
import type { ConnectOptions } from "../connect-options.js";
import { deadlineAfter } from "../deadline.js";
import { InvalidArgumentError } from "../errors.js";
import { guardedLogger, silentLogger } from "../logger.js";
import { countOption } from "../options-check.js";
import { TypedEvents } from "../util/typed-events.js";
import { Broker, createMemoryBroker, type MemoryBroker } from "./memory-broker.js";
import { MemoryBusImpl, type MemoryBus } from "./memory-bus.js";

/**
 * Options of `createMemoryBus()`: those of `connect()` that mean something
 * in memory (of `requests`, `mandatory`: the memory broker never restarts,
 * so `persistent` changes nothing), and the broker. Every field is optional.
 */
export interface MemoryBusOptions extends Pick<ConnectOptions, "name" | "callTimeoutMs" | "maxPendingCalls" | "maxWaitingPublishes" | "logger" | "requests"> {
  /** The broker to connect to, shared with other memory buses (from `createMemoryBroker()` or `bus.broker`). Default: a broker of its own. */
  readonly broker?: MemoryBroker;
}

let buses = 0;

/**
 * A Bus in memory with the semantics of the RabbitMQ bus, for tests that
 * need no broker: requests and replies go through the protobuf envelopes,
 * servers of a service compete round-robin for its queue, a call to a
 * service no server ever declared fails with NoRouteError, events fan out
 * by RabbitMQ's topic matching and are lost when nobody subscribed,
 * deliveries happen on a later turn of the event loop, in order. Buses on
 * one broker see each other, as processes on one RabbitMQ do. It is
 * `ready` at once; see MemoryBus for taking it down and back.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): MemoryBus {
  const given = options.broker ?? createMemoryBroker();
  if (!(given instanceof Broker)) throw new InvalidArgumentError("createMemoryBus: broker must come from createMemoryBroker() or a memory bus's broker");
  // Refused here rather than on the first call: the default timeout of every call.
  deadlineAfter(options.callTimeoutMs, 5000, "createMemoryBus: callTimeoutMs");
  // The runtime logs on message paths: a logger that throws must not break them.
  const logger = guardedLogger(options.logger ?? silentLogger);
  return new MemoryBusImpl({
    broker: given,
    name: options.name ?? `memory-bus-${++buses}`,
    events: new TypedEvents<BusEvents>(logger),
    logger,
    callTimeoutMs: options.callTimeoutMs ?? 5000,
    maxPendingCalls: countOption(options.maxPendingCalls, 65_536, Infinity, "createMemoryBus: maxPendingCalls"),
    maxWaitingPublishes: countOption(options.maxWaitingPublishes, 4096, Infinity, "createMemoryBus: maxWaitingPublishes"),
    mandatory: options.requests?.mandatory ?? true,
  });
}
