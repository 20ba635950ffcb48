import type { Channel, ConfirmChannel } from "amqplib";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { ConnectionLostError, RpcAbortedError } from "../errors.js";
import { CONTENT_TYPE, EVENT_EXCHANGE, EXCHANGE_OPTIONS } from "../topology.js";
import { waitUntil } from "../util/deadline-wait.js";
import type { PublishOptions } from "./publish-options.js";
import { topicProblem } from "./topic-pattern.js";

/** What an unconfirmed publish returns: one settled promise for all. */
const published = Promise.resolve();

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

  /** Publishes; without confirms it resolves once amqplib took the bytes. */
  publish(topic: string, body: Uint8Array, options: PublishOptions): Promise<void> {
    const problem = topicProblem(topic);
    if (problem !== undefined) return Promise.reject(new TypeError(`publish: ${problem}`));
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(aborted(signal.reason));
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    if (this.#channel.writable.isOpen) return this.#send(topic, body, options, deadline, timeoutMs);
    const unreachable = () => new ConnectionLostError(`publish ${topic}: the broker was not reachable within ${timeoutMs} ms`);
    return this.#channel.waitWritable(deadline, signal, unreachable, aborted).then(() => this.#send(topic, body, options, deadline, timeoutMs));
  }

  #send(topic: string, body: Uint8Array, options: PublishOptions, deadline: number, timeoutMs: number): Promise<void> {
    const channel = this.#channel.current;
    if (channel === undefined) return Promise.reject(new ConnectionLostError(`publish ${topic}: the connection was lost`));
    const content = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    // One object shape for every publish keeps amqplib's option handling monomorphic.
    const properties = { contentType: CONTENT_TYPE, deliveryMode: 2, headers: options.headers };
    if (!this.confirm) {
      try {
        if (!channel.publish(EVENT_EXCHANGE, topic, content, properties)) this.#channel.markCongested();
      } catch (error) {
        return Promise.reject(error instanceof RangeError ? error : new ConnectionLostError(`publish ${topic}: the event could not be sent`, { cause: error }));
      }
      return published;
    }
    const notConfirmed = () => new ConnectionLostError(`publish ${topic}: the broker did not confirm within ${timeoutMs} ms`);
    return waitUntil(
      (done, fail) => {
        const sent = (channel as ConfirmChannel).publish(EVENT_EXCHANGE, topic, content, properties, (error: unknown) => {
          if (error === null || error === undefined) done();
          else fail(new ConnectionLostError(`publish ${topic}: the broker did not take the event`, { cause: error }));
        });
        if (!sent) this.#channel.markCongested();
        return () => undefined;
      },
      deadline,
      options.signal,
      notConfirmed,
      aborted,
    );
  }
}
