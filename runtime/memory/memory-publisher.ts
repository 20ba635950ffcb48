import { ConnectionLostError, OverloadedError } from "../errors.js";
import type { PublishOptions } from "../events/publish-options.js";
import { publishAborted, startPublish } from "../events/publish-start.js";
import { CONTENT_TYPE } from "../topology.js";
import { deliveredHeaders } from "./delivered-headers.js";
import type { MemoryConnection } from "./memory-connection.js";

/** What a publish returns once the broker took the event: one settled promise for all. */
const published = Promise.resolve();

/**
 * Publishes on the memory broker's `koinos.event`: at once while the bus
 * is connected (the broker has the event when the promise settles, so
 * `confirm` changes nothing here), else after waiting for the connection,
 * as on RabbitMQ: up to the publish's timeout, and at most
 * `maxWaitingPublishes` publishes at a time.
 */
export class MemoryPublisher {
  #waiting = 0;

  constructor(
    private readonly connection: MemoryConnection,
    private readonly maxWaiting: number,
    private readonly defaultTimeoutMs: number,
  ) {}

  publish(topic: string, bytes: Uint8Array, options: PublishOptions): Promise<void> {
    let deadline: number;
    let headers: Record<string, unknown> | undefined;
    try {
      deadline = startPublish(topic, options, this.defaultTimeoutMs);
      headers = options.headers === undefined ? undefined : deliveredHeaders(options.headers, `publish ${topic}`);
    } catch (error) {
      return Promise.reject(error);
    }
    // The broker's own copy: the caller may reuse its bytes once publish returned.
    const content = Buffer.from(bytes);
    if (this.connection.current !== undefined) return this.#send(topic, content, headers);
    if (this.#waiting >= this.maxWaiting) {
      return Promise.reject(new OverloadedError(`publish ${topic}: ${this.#waiting} publishes are already waiting for the broker (maxWaitingPublishes)`));
    }
    this.#waiting++;
    const started = Date.now();
    const unreachable = () => new ConnectionLostError(`publish ${topic}: the broker was not reachable within ${Math.round(deadline - started)} ms`);
    return this.connection
      .waitReady(deadline, options.signal, unreachable, publishAborted)
      .finally(() => this.#waiting--)
      .then(() => this.#send(topic, content, headers));
  }

  #send(topic: string, content: Buffer, headers: Record<string, unknown> | undefined): Promise<void> {
    if (this.connection.current === undefined) return Promise.reject(new ConnectionLostError(`publish ${topic}: the connection was lost`));
    this.connection.broker.publishTopic(topic, content, headers === undefined ? { contentType: CONTENT_TYPE } : { contentType: CONTENT_TYPE, headers });
    return published;
  }
}
