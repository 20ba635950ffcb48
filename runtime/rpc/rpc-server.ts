import type { BusEvents } from "../bus-events.js";
import { BusClosedError, ConnectionLostError, InvalidArgumentError } from "../errors.js";
import type { Logger } from "../logger.js";
import { countOption, msOption } from "../options-check.js";
import type { ServiceDefinition } from "../service-definition.js";
import { drain } from "../util/drain.js";
import type { TypedEvents } from "../util/typed-events.js";
import { WorkQueue } from "../util/work-queue.js";
import type { ServeOptions } from "./serve-options.js";
import { ServiceHandler, type RpcServerCounters, type ServerDelivery } from "./service-handler.js";
import type { ServiceImplementation } from "./service-implementation.js";

export type { RpcServerCounters } from "./service-handler.js";

/** How a server's deliveries come and go: a RabbitMQ channel, or a queue of the memory bus. */
export interface ServerTransport<T extends ServerDelivery> {
  /** Sends the reply (if any) to the request's reply_to, then acknowledges the delivery, in that order. */
  finish(delivery: T, reply: Buffer | undefined): void;
  /** Gives an unstarted delivery back to the queue; false if it could not (its channel is gone, which requeues it anyway). */
  requeue(delivery: T): boolean;
  /** Stops the flow of deliveries; resolves once no more will come. */
  cancel(): Promise<void>;
  /** Releases the consumer for good. */
  close(): Promise<void>;
}

/** What a server needs besides its service. */
export interface RpcServerInit {
  readonly logger: Logger;
  readonly events: TypedEvents<BusEvents>;
  /** Called once stopped, so the owner can forget it. */
  readonly onStopped: () => void;
}

/**
 * A competing consumer of a service's queue, over any transport. Requests
 * are acked only after their reply is sent; every request gets a reply, an
 * error reply when it cannot be served; none is ever requeued once started,
 * so a poison request cannot loop.
 *
 * Stopping is in two phases, so that a bus can stop every intake before it
 * waits for any handler: `stopIntake()` stops the deliveries and gives the
 * requests that have not started back to the queue at once (another server
 * takes them); `stop()` then lets the started handlers finish within the
 * drain time and releases the consumer.
 */
export class RpcServer<D extends ServiceDefinition, T extends ServerDelivery = ServerDelivery> {
  readonly concurrency: number;
  readonly #handler: ServiceHandler<D>;
  readonly #drainTimeoutMs: number;
  readonly #work: WorkQueue<T>;
  #transport: ServerTransport<T> | undefined;
  #intakeStopped: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly definition: D,
    impl: ServiceImplementation<D>,
    options: ServeOptions,
    private readonly init: RpcServerInit,
  ) {
    const missing = Object.keys(definition.methods).filter((key) => typeof (impl as Record<string, unknown>)[key] !== "function");
    if (missing.length > 0) throw new InvalidArgumentError(`serve ${definition.name}: the implementation lacks ${missing.join(", ")}`);
    this.concurrency = countOption(options.concurrency, 32, 32767, `serve ${definition.name}: concurrency`);
    this.#drainTimeoutMs = msOption(options.drainTimeoutMs, 10_000, `serve ${definition.name}: drainTimeoutMs`);
    const limits = {
      maxBytes: countOption(options.maxRequestBytes, 64 << 20, Number.MAX_SAFE_INTEGER, `serve ${definition.name}: maxRequestBytes`),
      maxHeaderBytes: countOption(options.maxHeaderBytes, 16 << 10, Number.MAX_SAFE_INTEGER, `serve ${definition.name}: maxHeaderBytes`),
    };
    this.#handler = new ServiceHandler(definition, impl, limits, init.logger, init.events);
    this.#work = new WorkQueue(this.concurrency, (delivery) => this.#serve(delivery), (error, delivery) => this.#crashed(error, delivery));
  }

  /** Set once, by the transport that feeds this server. */
  attach(transport: ServerTransport<T>): void {
    this.#transport = transport;
  }

  get counters(): Readonly<RpcServerCounters> {
    return this.#handler.counters;
  }

  /** Requests being handled or waiting for a handler now. */
  get inFlight(): number {
    return this.#work.size;
  }

  /** A request the transport delivered: run when a handler is free, or given back if the server is stopping. */
  deliver(delivery: T): void {
    if (!this.#work.push(delivery)) this.#requeue(delivery);
  }

  /** The transport lost its deliveries (a channel or connection went): the broker requeues them, so their handlers stop. */
  lost(error: Error): void {
    this.#work.takeWaiting();
    this.#handler.abortAll(new ConnectionLostError(`the server's channel was lost: ${error.message}`, { cause: error }));
  }

  /** The bus gave up reconnecting: this server is over. */
  failed(error: Error): void {
    this.#work.stop();
    this.#handler.abortAll(error);
  }

  /** Stops consuming, lets running handlers finish for up to the drain time, and releases the consumer. */
  stop(): Promise<void> {
    this.#stopping ??= this.stopIntake().then(() => this.#finish());
    return this.#stopping;
  }

  /**
   * First phase of stopping: no new request starts. Deliveries stop, and
   * requests that were delivered but not started go back to the queue at
   * once, as do any still delivered before the stop takes effect.
   */
  stopIntake(): Promise<void> {
    this.#intakeStopped ??= this.#stopIntake();
    return this.#intakeStopped;
  }

  async #stopIntake(): Promise<void> {
    // Nothing new starts from here; what still arrives before the cancel takes effect waits.
    this.#work.hold();
    await this.#transport?.cancel();
    for (const delivery of this.#work.stop()) this.#requeue(delivery);
  }

  /** Second phase: started handlers finish (aborted past the drain time), then the consumer goes. */
  async #finish(): Promise<void> {
    await drain(this.#work, this.#drainTimeoutMs, () => this.#handler.abortAll(new BusClosedError("the server is shutting down")));
    await this.#transport?.close();
    this.init.onStopped();
  }

  #requeue(delivery: T): void {
    if (this.#transport?.requeue(delivery) === true) this.#handler.counters.requeued++;
  }

  /** Serves one delivery; synchronously when its handler answers synchronously. */
  #serve(delivery: T): Promise<void> | undefined {
    const reply = this.#handler.serve(delivery);
    if (reply instanceof Promise) return reply.then((bytes) => this.#transport?.finish(delivery, bytes));
    this.#transport?.finish(delivery, reply);
    return undefined;
  }

  /** A bug of ours while serving: report it, and still answer and ack the request. */
  #crashed(error: unknown, delivery: T): void {
    this.#transport?.finish(delivery, this.#handler.internalError(error));
  }
}
