import { AmqpBus } from "./amqp-bus.js";
import { boundHeaderDecoding } from "./amqplib/header-decoding-patch.js";
import type { Bus } from "./bus.js";
import type { BusEvents } from "./bus-events.js";
import type { ConnectOptions } from "./connect-options.js";
import { deadlineAfter } from "./deadline.js";
import { ConnectionManager } from "./connection/connection-manager.js";
import { guardedLogger, silentLogger } from "./logger.js";
import { TypedEvents } from "./util/typed-events.js";

/**
 * Connects to the Koinos bus. Resolves once connected, or rejects after
 * `reconnect.initialAttempts` failed attempts. Later losses of the
 * connection are recovered in the background.
 *
 * @param target a broker URL (`amqp://` or `amqps://`), or options
 */
export async function connect(target?: string | ConnectOptions): Promise<Bus> {
  const given: ConnectOptions = typeof target === "string" ? { url: target } : (target ?? {});
  // The runtime logs on message paths: a logger that throws must not break them.
  const logger = guardedLogger(given.logger ?? silentLogger);
  const options: ConnectOptions = { ...given, logger };
  // Refused here rather than on the first call: the default timeout of every call.
  deadlineAfter(options.callTimeoutMs, 5000, "connect: callTimeoutMs");
  // Before the first frame arrives: deeply nested headers must not take connections down.
  boundHeaderDecoding(options.logger);
  const events = new TypedEvents<BusEvents>(logger);
  const manager = new ConnectionManager(options, events);
  await manager.start();
  return new AmqpBus({
    manager,
    events,
    callTimeoutMs: options.callTimeoutMs ?? 5000,
    maxPendingCalls: options.maxPendingCalls ?? 65_536,
    maxWaitingPublishes: options.maxWaitingPublishes ?? 4096,
    deliveryMode: options.requests?.persistent === true ? 2 : 1,
    mandatory: options.requests?.mandatory ?? true,
  });
}
