import { Bus } from "./bus.js";
import type { BusEvents } from "./bus-events.js";
import type { ConnectOptions } from "./connect-options.js";
import { ConnectionManager } from "./connection/connection-manager.js";
import { silentLogger } from "./logger.js";
import { TypedEvents } from "./util/typed-events.js";

/**
 * Connects to the Koinos bus. Resolves once connected, or rejects after
 * `reconnect.initialAttempts` failed attempts. Later losses of the
 * connection are recovered in the background.
 *
 * @param target a broker URL (`amqp://` or `amqps://`), or options
 */
export async function connect(target?: string | ConnectOptions): Promise<Bus> {
  const options: ConnectOptions = typeof target === "string" ? { url: target } : (target ?? {});
  const events = new TypedEvents<BusEvents>(options.logger ?? silentLogger);
  const manager = new ConnectionManager(options, events);
  await manager.start();
  return new Bus({
    manager,
    events,
    callTimeoutMs: options.callTimeoutMs ?? 5000,
    maxPendingCalls: options.maxPendingCalls ?? 65_536,
    maxWaitingPublishes: options.maxWaitingPublishes ?? 4096,
  });
}
