import type { Channel, ConfirmChannel } from "amqplib";
import type { ConnectionManager } from "../connection/connection-manager.js";
import type { ManagedChannel } from "../connection/managed-channel.js";
import { ConnectionLostError, OverloadedError } from "../errors.js";
import { CONTENT_TYPE, EVENT_EXCHANGE, EXCHANGE_OPTIONS } from "../topology.js";
import { waitUntil } from "../util/deadline-wait.js";
import { publishError } from "../wire/publish-error.js";
import type { PublishOptions } from "./publish-options.js";
import { publishAborted, startPublish } from "./publish-start.js";

/** What an unconfirmed publish returns: one settled promise for all. */
const published = Promise.resolve();

/** Publishes waiting for the broker, counted across the plain and the confirming publisher of a bus. */
export class WaitingPublishes {
  count = 0;
  constructor(readonly max: number) {}
}

/**
 * Publishes on `koinos.event`: on a plain channel, or on a confirm channel
 * when the caller wants the broker's acknowledgement. Publishes wait (up to
 * their timeout, and at most `maxWaitingPublishes` of them for the whole
 * bus) while the connection is being recovered or the channel's buffer drains.
 */
export class EventPublisher {
  readonly name: string;
  readonly #channel: ManagedChannel;

  constructor(
    manager: ConnectionManager,
    private readonly confirm: boolean,
    private readonly waiting: WaitingPublishes,
    private readonly defaultTimeoutMs: number,
  ) {
    this.name = confirm ? "event publisher (confirms)" : "event publisher";
    this.#channel = manager.channel(this, { confirm });
  }

  async setup(channel: Channel): Promise<void> {
    await channel.assertExchange(EVENT_EXCHANGE, "topic", EXCHANGE_OPTIONS);
  }

  lost(): void {
    // Nothing is pending here: amqplib fails the outstanding confirms of a closed channel itself.
  }

  close(): Promise<void> {
    return this.#channel.close();
  }

  /** Publishes; without confirms it resolves once amqplib took the bytes. */
  publish(topic: string, body: Uint8Array, options: PublishOptions): Promise<void> {
    let deadline: number;
    try {
      deadline = startPublish(topic, options, this.defaultTimeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = options.signal;
    if (this.#channel.writable.isOpen) return this.#send(topic, body, options, deadline);
    if (this.waiting.count >= this.waiting.max) {
      return Promise.reject(new OverloadedError(`publish ${topic}: ${this.waiting.count} publishes are already waiting for the broker (maxWaitingPublishes)`));
    }
    this.waiting.count++;
    const started = Date.now();
    const unreachable = () => new ConnectionLostError(`publish ${topic}: the broker was not reachable within ${Math.round(deadline - started)} ms`);
    return this.#channel
      .waitWritable(deadline, signal, unreachable, publishAborted)
      .finally(() => this.waiting.count--)
      .then(() => this.#send(topic, body, options, deadline));
  }

  #send(topic: string, body: Uint8Array, options: PublishOptions, deadline: number): Promise<void> {
    const channel = this.#channel.current;
    if (channel === undefined) return Promise.reject(new ConnectionLostError(`publish ${topic}: the connection was lost`));
    const content = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    // One object shape for every publish keeps amqplib's option handling monomorphic.
    const properties = { contentType: CONTENT_TYPE, deliveryMode: 2, headers: options.headers };
    if (!this.confirm) {
      try {
        if (!channel.publish(EVENT_EXCHANGE, topic, content, properties)) this.#channel.markCongested();
      } catch (error) {
        return Promise.reject(publishError(error, `publish ${topic}`));
      }
      return published;
    }
    const started = Date.now();
    const notConfirmed = () => new ConnectionLostError(`publish ${topic}: the broker did not confirm within ${Math.round(deadline - started)} ms`);
    return waitUntil(
      (done, fail) => {
        try {
          const sent = (channel as ConfirmChannel).publish(EVENT_EXCHANGE, topic, content, properties, (error: unknown) => {
            if (error === null || error === undefined) done();
            else fail(new ConnectionLostError(`publish ${topic}: the broker did not take the event`, { cause: error }));
          });
          if (!sent) this.#channel.markCongested();
        } catch (error) {
          fail(publishError(error, `publish ${topic}`));
        }
        return () => undefined;
      },
      deadline,
      options.signal,
      notConfirmed,
      publishAborted,
    );
  }
}
