import { hostname } from "node:os";
import { connect as amqpConnect, type ChannelModel } from "amqplib";
import type { BusEvents } from "../bus-events.js";
import type { ConnectOptions } from "../connect-options.js";
import { BusClosedError, ConnectionLostError } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { redactUrl } from "../redact.js";
import { backoffDelay, type BackoffOptions } from "../util/backoff.js";
import { sleep } from "../util/deadline-wait.js";
import type { TypedEvents } from "../util/typed-events.js";
import { ManagedChannel, type ChannelOptions, type ChannelUser } from "./managed-channel.js";

const defaultUrl = "amqp://guest:guest@127.0.0.1:5672";

/**
 * Owns the AMQP connection: connects (trying each URL in turn), reconnects
 * with jittered exponential backoff when it is lost, and on every connection
 * reopens every managed channel, in the order they were created, before it
 * declares the topology ready.
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
  #closing = false;
  #reconnecting = false;
  #everConnected = false;
  #topologyReady = false;
  #failure: Error | undefined;
  readonly #closeSignal = new AbortController();

  constructor(
    options: ConnectOptions,
    readonly events: TypedEvents<BusEvents>,
  ) {
    this.#options = options;
    this.logger = options.logger ?? silentLogger;
    const urls = options.url ?? defaultUrl;
    this.#urls = typeof urls === "string" ? [urls] : [...urls];
    if (this.#urls.length === 0) throw new Error("connect: no broker URL given");
    this.name = options.name ?? `koinos-mq-ts ${hostname()} ${process.pid}`;
    const r = options.reconnect ?? {};
    this.backoff = {
      initialDelayMs: r.initialDelayMs ?? 100,
      maxDelayMs: r.maxDelayMs ?? 30_000,
      factor: r.factor ?? 2,
      jitter: r.jitter ?? 0.2,
    };
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
    return this.#topologyReady;
  }

  /** Why waiting for the broker is pointless: the bus is closed, or reconnecting gave up. */
  get failure(): Error | undefined {
    return this.#closing ? new BusClosedError("the bus is closed") : this.#failure;
  }

  /** The first connect, within `reconnect.initialAttempts`. */
  async start(): Promise<void> {
    await this.#connectLoop(this.#options.reconnect?.initialAttempts ?? 5);
  }

  /** A channel for `user`, opened now if connected and on every later connection. */
  channel(user: ChannelUser, options: ChannelOptions): ManagedChannel {
    if (this.#closing) throw new BusClosedError("the bus is closed");
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

  /** Closes every channel, then the connection; pending waiters fail with BusClosedError. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#closeSignal.abort();
    this.#topologyReady = false;
    await Promise.all([...this.#channels].map((c) => c.close()));
    const model = this.#model;
    this.#model = undefined;
    if (model !== undefined) await model.close().catch(() => undefined);
  }

  async #connectLoop(maxAttempts: number): Promise<void> {
    this.#reconnecting = true;
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.#closing) throw new BusClosedError("the bus is closed");
        try {
          await this.#adopt(await this.#connectAny());
          return;
        } catch (error) {
          const err = error instanceof Error ? error : new Error(String(error));
          if (this.#closing || attempt >= maxAttempts) throw err;
          const delayMs = backoffDelay(attempt, this.backoff);
          this.logger.warn({ err, attempt, delayMs }, "connect failed; retrying");
          this.events.emit("reconnecting", { attempt, delayMs, error: err });
          await sleep(delayMs, this.#closeSignal.signal, () => new BusClosedError("the bus is closed"));
        }
      }
    } finally {
      this.#reconnecting = false;
    }
  }

  /** One round over the URLs; the error of the last one if none answers. */
  async #connectAny(): Promise<{ model: ChannelModel; url: string }> {
    let last: unknown;
    for (const url of this.#urls) {
      try {
        const model = await amqpConnect(this.#withHeartbeat(url), {
          ...this.#options.tls,
          noDelay: true,
          timeout: this.#options.connectTimeoutMs ?? 5000,
          clientProperties: { connection_name: this.name },
        });
        return { model, url };
      } catch (error) {
        last = error;
        this.logger.debug({ err: error, url: redactUrl(url) }, "broker did not accept the connection");
      }
    }
    const reason = last instanceof Error ? last.message : String(last);
    throw new ConnectionLostError(`no broker accepted a connection (${this.#urls.map(redactUrl).join(", ")}): ${reason}`, { cause: last });
  }

  #withHeartbeat(url: string): string {
    const u = new URL(url);
    if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", String(this.#options.heartbeatSeconds ?? 10));
    return u.toString();
  }

  /** Makes `model` the connection: reopens every channel, then opens the ready gate. */
  async #adopt({ model, url }: { model: ChannelModel; url: string }): Promise<void> {
    model.on("error", (error: Error) => this.logger.warn({ err: error }, "connection error"));
    model.on("close", (error?: Error) => this.#onClose(model, error));
    model.on("blocked", (reason: string) => this.#setBlocked(true, reason));
    model.on("unblocked", () => this.#setBlocked(false, ""));
    this.#model = model;
    const generation = ++this.#generation;
    for (const channel of [...this.#channels]) await channel.open(model, generation);
    if (this.#model !== model) throw new ConnectionLostError("the connection closed while its channels were set up");
    if (this.#closing) return;
    this.#topologyReady = true;
    for (const channel of this.#channels) channel.updateWritable();
    this.logger.info({ url: redactUrl(url), name: this.name }, "connected");
    this.events.emit("connected", { url: redactUrl(url), reconnected: this.#everConnected });
    this.#everConnected = true;
  }

  #onClose(model: ChannelModel, error: Error | undefined): void {
    if (model !== this.#model) return;
    this.#model = undefined;
    this.#blocked = false;
    this.#topologyReady = false;
    const cause = error ?? new Error("connection closed");
    for (const channel of [...this.#channels]) channel.connectionLost(cause);
    if (this.#closing) return;
    this.logger.warn({ err: cause }, "connection lost");
    this.events.emit("disconnected", { error: cause });
    if (this.#reconnecting) return;
    const attempts = this.#options.reconnect?.maxAttempts ?? Infinity;
    const reconnected = attempts > 0 ? this.#connectLoop(attempts) : Promise.reject(new Error("reconnecting is turned off (reconnect.maxAttempts = 0)"));
    reconnected.catch((err: unknown) => {
      if (this.#closing) return;
      const failure = err instanceof Error ? err : new Error(String(err));
      this.logger.error({ err: failure }, "giving up reconnecting");
      this.events.emit("reconnect-failed", { error: failure });
      this.#failure = new ConnectionLostError(`the broker is unreachable: ${failure.message}`, { cause: failure });
      for (const channel of this.#channels) channel.writable.failWaiters(this.#failure);
    });
  }

  #setBlocked(blocked: boolean, reason: string): void {
    this.#blocked = blocked;
    for (const channel of this.#channels) channel.updateWritable();
    if (blocked) this.events.emit("blocked", { reason });
    else this.events.emit("unblocked", {});
  }
}
