import { hostname } from "node:os";
import { connect as amqpConnect, type ChannelModel } from "amqplib";
import type { BusEvents } from "../bus-events.js";
import type { BusState } from "../bus-state.js";
import type { ConnectOptions } from "../connect-options.js";
import { ConnectionLostError, InvalidArgumentError } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { batchWrites } from "../amqp/batched-writes.js";
import { closeQuietly } from "../amqp/close-quietly.js";
import { redactUrl } from "../redact.js";
import { backoffDelay, type BackoffOptions } from "../util/backoff.js";
import { sleep } from "../util/deadline-wait.js";
import type { TypedEvents } from "../util/typed-events.js";
import { closedError } from "./declare-error.js";
import { ManagedChannel, type ChannelOptions, type ChannelUser } from "./managed-channel.js";

const defaultUrl = "amqp://guest:guest@127.0.0.1:5672";

/**
 * Owns the AMQP connection and the bus's lifecycle:
 * `connecting` -> `ready` <-> `reconnecting` -> `failed`, and from any of
 * them `closing` -> `closed`. It connects (trying each URL in turn),
 * reconnects with jittered exponential backoff when the connection is lost,
 * and on every connection reopens every managed channel, in the order they
 * were created, before it is `ready` again. `failed` and `closed` are final:
 * `ended` aborts with the reason, and every channel fails its waiters.
 */
export class ConnectionManager {
  readonly logger: Logger;
  readonly backoff: BackoffOptions;
  readonly name: string;
  readonly #urls: readonly string[];
  readonly #options: ConnectOptions;
  readonly #channels = new Set<ManagedChannel>();
  #model: ChannelModel | undefined;
  #generation = 0;
  #blocked = false;
  #state: BusState = "connecting";
  #everConnected = false;
  #failure: ConnectionLostError | undefined;
  /** The connect loop running now, if any: close waits for it so that no connection it opens is left behind. */
  #connecting: Promise<void> | undefined;
  readonly #ended = new AbortController();

  constructor(
    options: ConnectOptions,
    readonly events: TypedEvents<BusEvents>,
  ) {
    this.#options = options;
    this.logger = options.logger ?? silentLogger;
    const urls = options.url ?? defaultUrl;
    this.#urls = typeof urls === "string" ? [urls] : [...urls];
    if (this.#urls.length === 0) throw new InvalidArgumentError("connect: no broker URL given");
    this.name = options.name ?? `koinos-mq-ts ${hostname()} ${process.pid}`;
    const r = options.reconnect ?? {};
    this.backoff = {
      initialDelayMs: r.initialDelayMs ?? 100,
      maxDelayMs: r.maxDelayMs ?? 30_000,
      factor: r.factor ?? 2,
      jitter: r.jitter ?? 0.2,
    };
  }

  get state(): BusState {
    return this.#state;
  }

  get model(): ChannelModel | undefined {
    return this.#model;
  }

  /** Increases with every connection, so channels can tell a stale connection from the current one. */
  get generation(): number {
    return this.#generation;
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  /** True while connected with every channel set up: only then may publishes go out. */
  get topologyReady(): boolean {
    return this.#state === "ready";
  }

  /** Aborts, with the reason, when the bus is closing or has failed: for waits that must not outlive it. */
  get ended(): AbortSignal {
    return this.#ended.signal;
  }

  /** Why waiting for the broker is pointless: the bus is closing or closed, or reconnecting gave up. */
  get failure(): Error | undefined {
    if (this.#state === "closing" || this.#state === "closed") return closedError();
    return this.#failure;
  }

  /** The first connect, within `reconnect.initialAttempts`. */
  async start(): Promise<void> {
    await this.#run(this.#connectLoop(this.#options.reconnect?.initialAttempts ?? 5));
  }

  /** A channel for `user`, opened now if connected and on every later connection. */
  channel(user: ChannelUser, options: ChannelOptions = {}): ManagedChannel {
    const failure = this.failure;
    if (failure !== undefined) throw failure;
    const channel = new ManagedChannel(this, user, options);
    this.#channels.add(channel);
    const model = this.#model;
    if (model !== undefined) void channel.open(model, this.#generation);
    return channel;
  }

  remove(channel: ManagedChannel): void {
    this.#channels.delete(channel);
  }

  channelError(channel: string, error: Error): void {
    this.logger.warn({ err: error, channel }, "channel error");
    this.events.emit("channel-error", { channel, error });
  }

  /**
   * Closes every channel, then the connection. A connection still being
   * opened is closed as soon as it arrives, before this resolves.
   */
  async close(): Promise<void> {
    if (this.#state === "closing" || this.#state === "closed") return;
    this.#state = "closing";
    this.#ended.abort(closedError());
    await Promise.all([...this.#channels].map((c) => c.close()));
    const model = this.#model;
    this.#model = undefined;
    if (model !== undefined) await closeQuietly(model, this.logger, "connection");
    // The connect loop sees `closing` and closes whatever it opens meanwhile.
    await this.#connecting?.catch(() => undefined);
    this.#state = "closed";
  }

  #run(loop: Promise<void>): Promise<void> {
    const running = loop.finally(() => {
      if (this.#connecting === running) this.#connecting = undefined;
    });
    this.#connecting = running;
    return running;
  }

  get #closing(): boolean {
    return this.#state === "closing" || this.#state === "closed";
  }

  async #connectLoop(maxAttempts: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closing) throw closedError();
      try {
        await this.#adopt(await this.#connectAny());
        return;
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (this.#closing) throw closedError();
        if (attempt >= maxAttempts) throw err;
        const delayMs = backoffDelay(attempt, this.backoff);
        this.logger.warn({ err, attempt, delayMs }, "connect failed; retrying");
        this.events.emit("reconnecting", { attempt, delayMs, error: err });
        await sleep(delayMs, this.#ended.signal, () => closedError());
      }
    }
  }

  /** One round over the URLs; the error of the last one if none answers. A connection that arrives after close started is closed. */
  async #connectAny(): Promise<{ model: ChannelModel; url: string }> {
    let last: unknown;
    for (const url of this.#urls) {
      if (this.#closing) throw closedError();
      let model: ChannelModel;
      try {
        model = await amqpConnect(this.#withHeartbeat(url), {
          ...this.#options.tls,
          noDelay: true,
          timeout: this.#options.connectTimeoutMs ?? 5000,
          clientProperties: { connection_name: this.name },
        });
      } catch (error) {
        last = error;
        this.logger.debug({ err: error, url: redactUrl(url) }, "broker did not accept the connection");
        continue;
      }
      if (this.#closing) {
        await closeQuietly(model, this.logger, "connection");
        throw closedError();
      }
      return { model, url };
    }
    const reason = last instanceof Error ? last.message : String(last);
    throw new ConnectionLostError(`no broker accepted a connection (${this.#urls.map(redactUrl).join(", ")}): ${reason}`, { cause: last });
  }

  #withHeartbeat(url: string): string {
    const u = new URL(url);
    if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", String(this.#options.heartbeatSeconds ?? 10));
    return u.toString();
  }

  /** Makes `model` the connection: reopens every channel, then the bus is ready. */
  async #adopt({ model, url }: { model: ChannelModel; url: string }): Promise<void> {
    batchWrites(model, this.logger);
    model.on("error", (error: Error) => this.logger.warn({ err: error }, "connection error"));
    model.on("close", (error?: Error) => this.#onClose(model, error));
    model.on("blocked", (reason: string) => this.#setBlocked(true, reason));
    model.on("unblocked", () => this.#setBlocked(false, ""));
    this.#model = model;
    const generation = ++this.#generation;
    for (const channel of [...this.#channels]) await channel.open(model, generation);
    if (this.#closing) {
      if (this.#model === model) this.#model = undefined;
      await closeQuietly(model, this.logger, "connection");
      throw closedError();
    }
    if (this.#model !== model) throw new ConnectionLostError("the connection closed while its channels were set up");
    this.#state = "ready";
    for (const channel of this.#channels) channel.updateWritable();
    this.logger.info({ url: redactUrl(url), name: this.name }, "connected");
    this.events.emit("connected", { url: redactUrl(url), reconnected: this.#everConnected });
    this.#everConnected = true;
  }

  #onClose(model: ChannelModel, error: Error | undefined): void {
    if (model !== this.#model) return;
    this.#model = undefined;
    this.#blocked = false;
    const cause = error ?? new Error("connection closed");
    if (this.#closing) return;
    const wasReady = this.#state === "ready";
    this.#state = "reconnecting";
    for (const channel of [...this.#channels]) channel.connectionLost(cause);
    this.logger.warn({ err: cause }, "connection lost");
    this.events.emit("disconnected", { error: cause });
    // A connection lost while its channels were still being set up: the running loop goes on.
    if (!wasReady) return;
    const attempts = this.#options.reconnect?.maxAttempts ?? Infinity;
    const reconnected = attempts > 0 ? this.#connectLoop(attempts) : Promise.reject(new Error("reconnecting is turned off (reconnect.maxAttempts = 0)"));
    this.#run(reconnected).catch((err: unknown) => this.#fail(err));
  }

  /** Reconnecting gave up: the bus is `failed` for good, and every waiter learns why. */
  #fail(err: unknown): void {
    if (this.#closing) return;
    const failure = err instanceof Error ? err : new Error(String(err));
    this.#state = "failed";
    this.#failure = new ConnectionLostError(`the broker is unreachable and the bus gave up reconnecting: ${failure.message}`, { cause: failure });
    this.logger.error({ err: failure }, "giving up reconnecting");
    this.#ended.abort(this.#failure);
    for (const channel of [...this.#channels]) channel.failed(this.#failure);
    this.events.emit("reconnect-failed", { error: failure });
  }

  #setBlocked(blocked: boolean, reason: string): void {
    this.#blocked = blocked;
    for (const channel of this.#channels) channel.updateWritable();
    if (blocked) this.events.emit("blocked", { reason });
    else this.events.emit("unblocked", {});
  }
}
