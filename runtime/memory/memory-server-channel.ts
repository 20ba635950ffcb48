import { BusClosedError, ConnectionLostError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { RpcServer, ServerTransport } from "../rpc/rpc-server.js";
import type { ServerDelivery } from "../rpc/service-handler.js";
import type { ServiceDefinition } from "../service-definition.js";
import { CONTENT_TYPE } from "../topology.js";
import type { BrokerConnection } from "./memory-broker.js";
import type { MemoryChannelUser, MemoryConnection } from "./memory-connection.js";
import type { Consumer, Delivery } from "./memory-queue.js";

/** A request as the memory broker delivered it: only its consumer can settle it. */
export interface MemoryDelivery extends ServerDelivery {
  readonly delivery: Delivery;
}

/**
 * A server's consumer on the memory broker, as AmqpServerChannel is on
 * RabbitMQ: declares the service's queue `koinos.rpc.<service>` (kept after
 * the server stops), consumes it with a prefetch of twice the server's
 * concurrency, sends each reply to `koinos.rpc` under the request's
 * reply_to, then acknowledges, in that order; again on every connection.
 */
export class MemoryServerChannel<D extends ServiceDefinition> implements MemoryChannelUser, ServerTransport<MemoryDelivery> {
  #consumer: Consumer | undefined;
  #cancelled = false;

  constructor(
    private readonly connection: MemoryConnection,
    private readonly server: RpcServer<D, MemoryDelivery>,
    private readonly logger: Logger,
  ) {
    server.attach(this);
    connection.add(this);
  }

  /** Resolves once the consumer is up: at once while the bus is connected, else when it is again (bounded). */
  ready(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const { name, routingKey } = this.server.definition;
    const unreachable = () => new ConnectionLostError(`serve ${name}: the broker was not reachable in time to start consuming ${routingKey}`);
    const aborted = (reason: unknown) => new BusClosedError(`serve ${name}: aborted before the consumer was up`, { cause: reason });
    return this.connection.waitReady(deadline, signal, unreachable, aborted);
  }

  setup(connection: BrokerConnection): void {
    if (this.#cancelled) return;
    const queue = connection.declareServiceQueue(this.server.definition.routingKey);
    // Twice the concurrency keeps a request ready whenever a handler finishes.
    this.#consumer = connection.consume(queue, {
      prefetch: this.server.concurrency * 2,
      autoAck: false,
      onDelivery: (delivery) => this.#onDelivery(delivery),
      onError: (error) => this.logger.error({ err: error, server: this.server.definition.routingKey }, "internal error while taking a request"),
    });
  }

  lost(error: Error): void {
    this.#consumer = undefined;
    this.server.lost(error);
  }

  failed(error: Error): void {
    this.#consumer = undefined;
    this.server.failed(error);
  }

  cancel(): Promise<void> {
    this.#cancelled = true;
    this.#consumer?.cancel();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#cancelled = true;
    const consumer = this.#consumer;
    this.#consumer = undefined;
    // What it still holds goes back to the queue, as when a channel closes.
    if (consumer !== undefined) this.connection.current?.closeConsumer(consumer);
    this.connection.remove(this);
    return Promise.resolve();
  }

  requeue({ delivery }: MemoryDelivery): boolean {
    return delivery.consumer.requeue(delivery);
  }

  /** Sends the reply, then acks the request (nothing if its consumer is gone: the request went back to the queue). */
  finish({ delivery, request }: MemoryDelivery, reply: Buffer | undefined): void {
    const consumer = delivery.consumer;
    if (!consumer.open) return;
    const { replyTo, correlationId } = request.properties;
    if (reply !== undefined && typeof replyTo === "string" && replyTo !== "") {
      this.connection.broker.publishDirect(replyTo, reply, { correlationId: typeof correlationId === "string" ? correlationId : "", contentType: CONTENT_TYPE });
    }
    consumer.ack(delivery);
  }

  #onDelivery(delivery: Delivery): void {
    const { message } = delivery;
    // A copy per delivery: a handler that changes the bytes it got cannot change what another server gets.
    const content = Buffer.allocUnsafe(message.content.length);
    content.set(message.content);
    const request = { content, properties: message.properties };
    this.server.deliver({ request, redelivered: message.redelivered, arrival: Date.now(), delivery });
  }
}
