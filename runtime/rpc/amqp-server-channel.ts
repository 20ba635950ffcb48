import type { Channel, ConsumeMessage } from "amqplib";
import { AckBatcher } from "../amqp/ack-batcher.js";
import { cancelConsumer } from "../amqp/cancel-consumer.js";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ChannelUser, ManagedChannel } from "../connection/managed-channel.js";
import { BusClosedError, ConnectionLostError } from "../errors.js";
import type { ServiceDefinition } from "../service-definition.js";
import { CONTENT_TYPE, EXCHANGE_OPTIONS, RPC_EXCHANGE, SERVICE_QUEUE_OPTIONS } from "../topology.js";
import type { RpcServer, ServerTransport } from "./rpc-server.js";
import type { ServerDelivery } from "./service-handler.js";

/** A request as it came on a channel: only that channel can ack it. */
export interface AmqpDelivery extends ServerDelivery {
  readonly message: ConsumeMessage;
  readonly channel: Channel;
  /** The acks of that channel. */
  readonly acks: AckBatcher;
}

/**
 * A server's channel on RabbitMQ: declares the service's durable queue
 * `koinos.rpc.<service>` (bound to `koinos.rpc` under its own name) on every
 * connection, consumes it with manual ack and a prefetch of twice the
 * server's concurrency, publishes replies to `koinos.rpc` under the
 * request's reply_to, then acks, in that order.
 */
export class AmqpServerChannel<D extends ServiceDefinition> implements ChannelUser, ServerTransport<AmqpDelivery> {
  readonly name: string;
  readonly #channel: ManagedChannel;
  #consumerTag: string | undefined;
  #acks: AckBatcher | undefined;

  constructor(
    private readonly manager: ConnectionManager,
    private readonly server: RpcServer<D, AmqpDelivery>,
  ) {
    this.name = `server ${server.definition.routingKey}`;
    server.attach(this);
    this.#channel = manager.channel(this);
  }

  /** Resolves once the consumer is up; rejects if it cannot be (see ManagedChannel.waitFirstSetup). */
  ready(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const { name, routingKey } = this.server.definition;
    const unreachable = () => new ConnectionLostError(`serve ${name}: the broker was not reachable in time to start consuming ${routingKey}`);
    const aborted = (reason: unknown) => new BusClosedError(`serve ${name}: aborted before the consumer was up`, { cause: reason });
    return this.#channel.waitFirstSetup(deadline, signal, unreachable, aborted);
  }

  async setup(channel: Channel): Promise<void> {
    const key = this.server.definition.routingKey;
    // Twice the concurrency keeps a request ready whenever a handler finishes.
    await channel.prefetch(this.server.concurrency * 2);
    await channel.assertExchange(RPC_EXCHANGE, "direct", EXCHANGE_OPTIONS);
    await channel.assertQueue(key, SERVICE_QUEUE_OPTIONS);
    await channel.bindQueue(key, RPC_EXCHANGE, key);
    const acks = new AckBatcher(channel, (error) => this.manager.logger.debug({ err: error, server: this.name }, "could not ack: the channel is gone, the broker redelivers"));
    this.#acks = acks;
    const { consumerTag } = await channel.consume(key, (message) => this.#onDelivery(channel, acks, message), { noAck: false });
    this.#consumerTag = consumerTag;
  }

  lost(error: Error): void {
    this.#consumerTag = undefined;
    this.server.lost(error);
  }

  failed(error: Error): void {
    this.#consumerTag = undefined;
    this.server.failed(error);
  }

  cancel(): Promise<void> {
    const tag = this.#consumerTag;
    this.#consumerTag = undefined;
    return cancelConsumer(this.#channel.current, tag, (error) => this.manager.logger.debug({ err: error, server: this.name }, "consumer already gone"));
  }

  close(): Promise<void> {
    // Acks still waiting for the end of the turn go out before the channel closes, or the broker would redeliver.
    this.#acks?.flush();
    return this.#channel.close();
  }

  requeue({ message, channel, acks }: AmqpDelivery): boolean {
    if (!this.#channel.owns(channel)) return false; // its channel is gone: the broker requeued it already
    try {
      channel.nack(message, false, true);
      acks.settledElsewhere(message);
      return true;
    } catch (error) {
      this.manager.logger.warn({ err: error, server: this.name }, "could not give a request back; the broker requeues it when the channel closes");
      return false;
    }
  }

  /** Publishes the reply, then acks the request on the channel it came on (in that order; acks go in batches). */
  finish({ message, channel, acks }: AmqpDelivery, reply: Buffer | undefined): void {
    if (!this.#channel.owns(channel)) return; // the channel died: the broker requeued the request
    const replyTo: unknown = message.properties.replyTo;
    if (reply !== undefined && typeof replyTo === "string" && replyTo !== "") {
      const correlationId: unknown = message.properties.correlationId;
      try {
        // One object shape for every reply keeps amqplib's option handling monomorphic.
        const sent = channel.publish(RPC_EXCHANGE, replyTo, reply, { correlationId: typeof correlationId === "string" ? correlationId : "", contentType: CONTENT_TYPE });
        if (!sent) this.#channel.markCongested();
      } catch (error) {
        // Only a closing channel refuses our fixed properties; the ack below then fails quietly too.
        this.manager.logger.warn({ err: error, server: this.name }, "could not reply");
      }
    }
    acks.done(message);
  }

  #onDelivery(channel: Channel, acks: AckBatcher, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted): declare and consume again.
      this.#channel.restart(`the broker cancelled the consumer of ${this.server.definition.routingKey}`);
      return;
    }
    acks.received(message);
    this.server.deliver({ request: message, redelivered: message.fields.redelivered, arrival: Date.now(), message, channel, acks });
  }
}
