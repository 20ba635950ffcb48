import type { Channel, ChannelModel } from "amqplib";
import { BusClosedError, ConnectionLostError } from "../errors.js";
import { backoffDelay } from "../util/backoff.js";
import { waitUntil } from "../util/deadline-wait.js";
import { Gate } from "../util/gate.js";
import type { ConnectionManager } from "./connection-manager.js";
import { closeQuietly } from "../amqp/close-quietly.js";
import { setupError } from "./declare-error.js";

/** The owner of a channel: what it declares on a fresh channel and what it does when the channel goes. */
export interface ChannelUser {
  /** For logs and events, e.g. `server koinos.rpc.chain`. */
  readonly name: string;
  /** Declares queues, bindings and consumers on a fresh channel; throwing has the channel reopened later. */
  setup(channel: Channel): Promise<void>;
  /** The channel it set up is gone (channel fault, lost connection, or close); a new one may follow. */
  lost(error: Error): void;
  /** No channel will follow: the bus gave up reconnecting. */
  failed?(error: Error): void;
}

export interface ChannelOptions {
  /** A confirm channel: the broker acknowledges each publish. */
  readonly confirm?: boolean;
}

/**
 * One AMQP channel that outlives connections: opened and set up on every
 * connection, reopened alone (after a backoff) when only it fails, and
 * writable only while it is set up, the whole topology is restored, its
 * buffer has room and the broker does not block the connection.
 */
export class ManagedChannel {
  /** The channel being set up or in use. */
  #candidate: Channel | undefined;
  /** The channel once its setup finished. */
  #ready: Channel | undefined;
  #generation = -1;
  #congested = false;
  #closed = false;
  #reopenAttempt = 0;
  #reopenTimer: NodeJS.Timeout | undefined;
  /** Open while publishing on this channel may proceed. */
  readonly writable = new Gate();
  /** Settles with the first setup: resolved once it succeeded, rejected if it failed or can no longer happen. */
  readonly firstSetup: Promise<void>;
  #settleFirstSetup: ((error?: Error) => void) | undefined;

  constructor(
    private readonly manager: ConnectionManager,
    readonly user: ChannelUser,
    private readonly options: ChannelOptions,
  ) {
    this.firstSetup = new Promise<void>((resolve, reject) => {
      this.#settleFirstSetup = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Owners that do not wait for it must not see an unhandled rejection.
    this.firstSetup.catch(() => undefined);
  }

  /** The set-up channel, or undefined while there is none. */
  get current(): Channel | undefined {
    return this.#ready;
  }

  /**
   * True while `channel` is this one's open channel, set up or still being
   * set up: deliveries can arrive before setup returns, and they are acked
   * on the channel they came on.
   */
  owns(channel: Channel): boolean {
    return channel === this.#candidate;
  }

  /**
   * Resolves once the first setup succeeded; rejects if it failed, when the
   * bus closes or gives up reconnecting, at `deadline` (`Infinity`: none) or
   * when `signal` aborts, whichever comes first.
   */
  waitFirstSetup(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    const register = (done: () => void, fail: (error: Error) => void) => {
      let active = true;
      this.firstSetup.then(
        () => active && done(),
        (error: unknown) => active && fail(error as Error),
      );
      return () => {
        active = false;
      };
    };
    return waitUntil(register, deadline, signal, onTimeout, onAbort);
  }

  /** Opens and sets up a channel on `model`; failures schedule a reopen of this channel alone. */
  async open(model: ChannelModel, generation: number): Promise<void> {
    if (this.#closed || this.#candidate !== undefined) return;
    clearTimeout(this.#reopenTimer);
    this.#reopenTimer = undefined;
    this.#generation = generation;
    let channel: Channel;
    try {
      channel = this.options.confirm === true ? await model.createConfirmChannel() : await model.createChannel();
    } catch (error) {
      this.manager.logger.warn({ err: error, channel: this.user.name }, "could not open a channel");
      this.#scheduleReopen();
      return;
    }
    if (this.#closed) {
      await this.#closeQuietly(channel);
      return;
    }
    this.#candidate = channel;
    channel.on("error", (error: Error) => this.manager.channelError(this.user.name, error));
    channel.on("close", () => this.#onClose(channel));
    channel.on("drain", () => {
      this.#congested = false;
      this.updateWritable();
    });
    channel.on("handler-error", (error: Error) => this.manager.channelError(this.user.name, error));
    try {
      await this.user.setup(channel);
    } catch (error) {
      const typed = setupError(error, this.user.name);
      this.#settle(typed);
      this.manager.logger.warn({ err: typed, channel: this.user.name }, "channel setup failed; it will be reopened");
      // A failed declare has usually closed the channel already; close it otherwise.
      if (this.#candidate === channel) await this.#closeQuietly(channel);
      return;
    }
    if (this.#candidate !== channel) return;
    this.#ready = channel;
    this.#reopenAttempt = 0;
    this.#settle();
    this.updateWritable();
  }

  /** Re-evaluates the writable gate (after drain, blocked/unblocked, topology restored). */
  updateWritable(): void {
    if (this.#ready !== undefined && !this.#congested && this.manager.topologyReady && !this.manager.blocked) {
      this.writable.open();
    } else {
      this.writable.close();
    }
  }

  /**
   * Resolves when publishing may proceed; rejects at the deadline, on abort,
   * or at once when the bus is closed or gave up reconnecting.
   */
  waitWritable(deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error, onAbort: (reason: unknown) => Error): Promise<void> {
    const failure = this.manager.failure;
    if (failure !== undefined) return Promise.reject(failure);
    return this.writable.wait(deadline, signal, onTimeout, onAbort);
  }

  /** A publish returned false: hold further publishes until the channel drains. */
  markCongested(): void {
    this.#congested = true;
    this.writable.close();
  }

  /** Drops the channel and opens a new one, e.g. after the broker cancelled its consumer. */
  restart(reason: string): void {
    const channel = this.#candidate;
    this.manager.logger.warn({ channel: this.user.name, reason }, "restarting channel");
    if (channel !== undefined) void this.#closeQuietly(channel);
  }

  /** Closes the channel for good. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#reopenTimer);
    this.manager.remove(this);
    const channel = this.#candidate;
    const closed = new BusClosedError(`${this.user.name} is closed`);
    this.#drop(closed);
    this.writable.failWaiters(closed);
    this.#settle(closed);
    if (channel !== undefined) await this.#closeQuietly(channel);
  }

  /** The connection is gone: forget the channel (a new connection reopens it). */
  connectionLost(error: Error): void {
    this.#drop(new ConnectionLostError(`connection lost: ${error.message}`, { cause: error }));
  }

  /** The bus gave up reconnecting: nothing will open this channel again. */
  failed(error: Error): void {
    clearTimeout(this.#reopenTimer);
    this.#settle(error);
    this.writable.failWaiters(error);
    this.user.failed?.(error);
  }

  #settle(error?: Error): void {
    this.#settleFirstSetup?.(error);
    this.#settleFirstSetup = undefined;
  }

  #onClose(channel: Channel): void {
    if (channel !== this.#candidate) return;
    this.#drop(new ConnectionLostError(`the channel of ${this.user.name} closed`));
    if (!this.#closed) this.#scheduleReopen();
  }

  #drop(error: Error): void {
    const wasReady = this.#ready !== undefined;
    this.#candidate = undefined;
    this.#ready = undefined;
    this.#congested = false;
    this.writable.close();
    if (wasReady) this.user.lost(error);
  }

  #closeQuietly(channel: Channel): Promise<void> {
    return closeQuietly(channel, this.manager.logger, this.user.name);
  }


  /** Reopens after a backoff, on the same connection only; a new connection reopens every channel itself. */
  #scheduleReopen(): void {
    if (this.#closed || this.#reopenTimer !== undefined) return;
    const delay = backoffDelay(++this.#reopenAttempt, this.manager.backoff);
    this.#reopenTimer = setTimeout(() => {
      this.#reopenTimer = undefined;
      const model = this.manager.model;
      if (model !== undefined && this.manager.generation === this.#generation) void this.open(model, this.#generation);
    }, delay);
  }
}
