import type { Channel, ConfirmChannel } from "amqplib";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { ConnectionLostError, RpcAbortedError } from "../errors.js";
import { CONTENT_TYPE, EVENT_EXCHANGE, EXCHANGE_OPTIONS } from "../topology.js";
import { waitUntil } from "../util/deadline-wait.js";
import type { PublishOptions } from "./publish-options.js";
import { topicProblem } from "./topic-pattern.js";

const aborted = (reason: unknown) => new RpcAbortedError("the publish was aborted", { cause: reason });

/**
 * Publishes on `koinos.event`: on a plain channel, or on a confirm channel
 * when the caller wants the broker's acknowledgement. Publishes wait (up to
 * their timeout, and at most `maxWaiting` of them) while the connection is
 * being recovered or the channel's buffer drains.
 */
export class EventPublisher {
  readonly name: string;
  readonly #channel: ManagedChannel;

  constructor(
    manager: ConnectionManager,
    private readonly confirm: boolean,
    maxWaiting: number,
    private readonly defaultTimeoutMs: number,
  ) {
    this.name = confirm ? "event publisher (confirms)" : "event publisher";
    this.#channel = manager.channel(this, { maxWaiting, confirm });
  }

  async setup(channel: Channel): Promise<void> {
    await channel.assertExchange(EVENT_EXCHANGE, "topic", EXCHANGE_OPTIONS);
  }

  lost(): void {
    // Nothing is pending here: amqplib fails outstanding confirms itself.
  }

  close(): Promise<void> {
    return this.#channel.close();
  }

  async publish(topic: string, body: Uint8Array, options: PublishOptions): Promise<void> {
    const problem = topicProblem(topic);
    if (problem !== undefined) throw new TypeError(`publish: ${problem}`);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const signal = options.signal;
    if (signal?.aborted) throw aborted(signal.reason);
    if (!this.#channel.writable.isOpen) {
      const unreachable = () => new ConnectionLostError(`publish ${topic}: the broker was not reachable within ${timeoutMs} ms`);
      await this.#channel.waitWritable(deadline, signal, unreachable, aborted);
    }
    const channel = this.#channel.current;
    if (channel === undefined) throw new ConnectionLostError(`publish ${topic}: the connection was lost`);
    const content = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const properties = { contentType: CONTENT_TYPE, deliveryMode: 2, ...(options.headers === undefined ? {} : { headers: options.headers }) };
    if (!this.confirm) {
      if (!channel.publish(EVENT_EXCHANGE, topic, content, properties)) this.#channel.markCongested();
      return;
    }
    const notConfirmed = () => new ConnectionLostError(`publish ${topic}: the broker did not confirm within ${timeoutMs} ms`);
    await waitUntil(
      (done, fail) => {
        const sent = (channel as ConfirmChannel).publish(EVENT_EXCHANGE, topic, content, properties, (error: unknown) => {
          if (error === null || error === undefined) done();
          else fail(new ConnectionLostError(`publish ${topic}: the broker did not take the event`, { cause: error }));
        });
        if (!sent) this.#channel.markCongested();
        return () => undefined;
      },
      deadline,
      signal,
      notConfirmed,
      aborted,
    );
  }
}
