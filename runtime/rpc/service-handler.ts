import type { BusEvents } from "../bus-events.js";
import type { CallContext } from "../call-context.js";
import type { Logger } from "../logger.js";
import type { DeepPartial } from "../message-type.js";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";
import type { TypedEvents } from "../util/typed-events.js";
import { encodeMessage } from "../wire/encode-message.js";
import { HandlerContext } from "./handler-context.js";
import type { IncomingRequest } from "./incoming-request.js";
import { readRequest, type RequestLimits } from "./read-request.js";
import { errorReply, reservedReply, thrownReply } from "./replies.js";
import { requestDeadline } from "./request-deadline.js";
import type { ServiceImplementation } from "./service-implementation.js";

/** Counters a server keeps; they only grow. */
export interface RpcServerCounters {
  handled: number;
  badRequests: number;
  handlerErrors: number;
  /** Requests whose deadline passed while they waited here: not executed. */
  expired: number;
  /** Requests given back to the queue unstarted because the server was stopping. */
  requeued: number;
  /** Failures of the runtime itself while serving (bugs): logged, and the request still answered. */
  internalErrors: number;
}

/** A request a server took from its queue. */
export interface ServerDelivery {
  readonly request: IncomingRequest;
  readonly redelivered: boolean;
  /** When it reached this server (ms since the epoch). */
  readonly arrival: number;
}

/**
 * What a service's requests turn into, whatever carried them: checks,
 * decodes, runs the handler with its context, and builds the reply bytes
 * (the response, or an error reply saying what went wrong). Shared by the
 * RabbitMQ and the memory bus, so a handler sees the same on both.
 */
export class ServiceHandler<D extends ServiceDefinition> {
  readonly counters: RpcServerCounters = { handled: 0, badRequests: 0, handlerErrors: 0, expired: 0, requeued: 0, internalErrors: 0 };
  /** Running handlers that hold an abort signal. */
  readonly #running = new Set<HandlerContext>();

  constructor(
    readonly definition: D,
    private readonly impl: ServiceImplementation<D>,
    private readonly limits: RequestLimits,
    private readonly logger: Logger,
    private readonly events: TypedEvents<BusEvents>,
  ) {}

  /** Fires the signal of every running handler that holds one. */
  abortAll(reason: Error): void {
    for (const context of this.#running) context.abort(reason);
  }

  /**
   * The reply to a delivery: bytes to send back, a promise of them while
   * the handler runs, or undefined when there is nothing to run (its caller
   * stopped waiting before a handler was free).
   */
  serve(delivery: ServerDelivery): Buffer | Promise<Buffer> | undefined {
    const { request } = delivery;
    const deadline = requestDeadline(request.properties, delivery.arrival);
    if (deadline !== undefined && Date.now() >= deadline) {
      this.counters.expired++;
      return undefined;
    }
    return this.#respond(delivery, deadline);
  }

  /** An error reply for a delivery the runtime failed to serve (a bug), counted and logged. */
  internalError(error: unknown): Buffer {
    this.counters.internalErrors++;
    this.logger.error({ err: error, service: this.definition.name }, "internal error while serving a request");
    return errorReply(this.definition, "internal error of the server's runtime");
  }

  #respond(delivery: ServerDelivery, deadline: number | undefined): Buffer | Promise<Buffer> {
    const service = this.definition;
    const { request } = delivery;
    const read = readRequest(service, request, this.limits);
    if (read.kind === "reserved") return reservedReply(service.reservedField?.response ?? 0);
    const correlationId = typeof request.properties.correlationId === "string" ? request.properties.correlationId : "";
    if (read.kind === "bad") {
      this.counters.badRequests++;
      const replyTo = request.properties.replyTo;
      const replied = typeof replyTo === "string" && replyTo !== "";
      this.logger.warn({ service: service.name, reason: read.reason, correlationId, replied }, "bad request");
      this.events.emit("bad-request", { service: service.name, reason: read.reason, replied });
      return errorReply(service, read.reason);
    }
    const method = read.method as MethodDefinition<unknown, unknown>;
    const context = new HandlerContext(correlationId, deadline, delivery, this.#running, method);
    let result: unknown;
    try {
      const handler = this.impl[method.localName as keyof ServiceImplementation<D>] as (request: unknown, context: CallContext) => unknown;
      result = handler.call(this.impl, read.request, context);
    } catch (error) {
      context.dispose();
      return this.#failed(method, error);
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          context.dispose();
          return this.#succeeded(method, value);
        },
        (error: unknown) => {
          context.dispose();
          return this.#failed(method, error);
        },
      );
    }
    context.dispose();
    return this.#succeeded(method, result);
  }

  /** The response envelope for what a handler returned (an error reply if it does not encode). */
  #succeeded(method: MethodDefinition<unknown, unknown>, value: unknown): Buffer {
    try {
      const bytes = encodeMessage(method.responseType, value as DeepPartial<unknown>, method.responseField);
      this.counters.handled++;
      return bytes;
    } catch (error) {
      return this.#failed(method, error);
    }
  }

  #failed(method: MethodDefinition, error: unknown): Buffer {
    const service = this.definition;
    this.counters.handlerErrors++;
    this.logger.warn({ err: error, service: service.name, method: method.name }, "handler failed");
    this.events.emit("handler-error", { service: service.name, method: method.name, error });
    return thrownReply(service, error);
  }
}
