import type { BusEvents } from "../bus-events.js";
import type { BusState } from "../bus-state.js";
import { closedError } from "../connection/declare-error.js";
import { ConnectionLostError } from "../errors.js";
import type { Logger } from "../logger.js";
import { Gate } from "../util/gate.js";
import type { TypedEvents } from "../util/typed-events.js";
import type { Broker, BrokerConnection } from "./memory-broker.js";

/** What lives on a memory bus's connection: its client, servers, subscriptions. */
export interface MemoryChannelUser {
  /** Declares and consumes what it needs on a fresh connection. */
  setup(connection: BrokerConnection): void;
  /** The connection went, with its consumers and exclusive queues; a new one may follow. */
  lost(error: Error): void;
  /** No connection will follow: the bus gave up. */
  failed(error: Error): void;
}

/**
 * A memory bus's link to its broker, with the life cycle of the RabbitMQ
 * bus's connection: `ready` <-> `reconnecting` -> `failed`, and `closing`
 * -> `closed`. It goes down and comes back only when told to
 * (`MemoryBus.disconnect()`, `reconnect()`, `giveUp()`); on the way it
 * does what a lost and a restored AMQP connection do.
 */
export class MemoryConnection {
  /** Open while the bus is `ready`: calls, publishes and serves made meanwhile wait on it. */
  readonly ready = new Gate();
  readonly #users = new Set<MemoryChannelUser>();
  readonly #ended = new AbortController();
  #state: BusState = "ready";
  #current: BrokerConnection | undefined;
  #failure: ConnectionLostError | undefined;

  constructor(
    readonly broker: Broker,
    private readonly events: TypedEvents<BusEvents>,
    private readonly logger: Logger,
  ) {
    this.#current = broker.connect();
    this.ready.open();
  }

  get state(): BusState {
    return this.#state;
  }

  /** The broker connection while `ready`. */
  get current(): BrokerConnection | undefined {
    return this.#current;
  }

  /** Why waiting for the broker is pointless: the bus is closing or closed, or gave up. */
  get failure(): Error | undefined {
    if (this.#state === "closing" || this.#state === "closed") return closedError();
    return this.#failure;
  }

  /** Aborts, with the reason, when the bus closes or gives up. */
  get ended(): AbortSignal {
    return this.#ended.signal;
  }

  get url(): string {
    return `memory://${this.broker.name}`;
  }

  /** Adds a user, set up at once when `ready`, else on reconnecting. */
  add(user: MemoryChannelUser): void {
    this.#users.add(user);
    if (this.#current !== undefined) user.setup(this.#current);
  }

  remove(user: MemoryChannelUser): void {
    this.#users.delete(user);
  }

  /** Resolves when `ready` (at once if it is); rejects at the deadline, on abort, or at once when the bus closed or gave up. */
  waitReady(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    const failure = this.failure;
    if (failure !== undefined) return Promise.reject(failure);
    return this.ready.wait(deadline, signal, onTimeout, onAbort);
  }

  /** The connection is lost: see MemoryBus.disconnect. */
  disconnect(error: Error): void {
    const connection = this.#current;
    if (this.#state !== "ready" || connection === undefined) return;
    this.#state = "reconnecting";
    this.#current = undefined;
    this.ready.close();
    // The broker's side first, as RabbitMQ's: held messages go back to their queues, exclusive queues go.
    connection.close();
    for (const user of [...this.#users]) user.lost(error);
    this.logger.warn({ err: error }, "connection lost");
    this.events.emit("disconnected", { error });
  }

  /** Connected again: see MemoryBus.reconnect. */
  reconnect(): void {
    if (this.#state === "ready") return;
    const failure = this.failure;
    if (failure !== undefined) throw failure;
    const connection = this.broker.connect();
    this.#current = connection;
    for (const user of [...this.#users]) user.setup(connection);
    this.#state = "ready";
    this.ready.open();
    this.logger.info({ url: this.url }, "connected");
    this.events.emit("connected", { url: this.url, reconnected: true });
  }

  /** Gives up reconnecting: see MemoryBus.giveUp. */
  giveUp(error: Error): void {
    if (this.#state !== "ready" && this.#state !== "reconnecting") return;
    this.disconnect(error);
    this.#state = "failed";
    const failure = new ConnectionLostError(`the broker is unreachable and the bus gave up reconnecting: ${error.message}`, { cause: error });
    this.#failure = failure;
    this.logger.error({ err: error }, "giving up reconnecting");
    this.#ended.abort(failure);
    this.ready.failWaiters(failure);
    for (const user of [...this.#users]) user.failed(failure);
    this.events.emit("reconnect-failed", { error });
  }

  /** Closes for good: whatever still waits fails with BusClosedError, held messages go back to their queues. */
  close(): void {
    if (this.#state === "closing" || this.#state === "closed") return;
    this.#state = "closing";
    const closed = closedError();
    this.#ended.abort(closed);
    this.ready.close();
    this.ready.failWaiters(closed);
    this.#current?.close();
    this.#current = undefined;
    this.#users.clear();
    this.#state = "closed";
  }
}
