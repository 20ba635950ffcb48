import type { ServerResponse } from "node:http";
import type { DescMessage } from "@bufbuild/protobuf";
import type { Bus } from "../bus.js";
import { patternProblem, topicMatcher } from "../events/topic-pattern.js";
import type { Subscription } from "../events/subscription.js";
import { base64UrlEncode } from "../json/bytes/base64url.js";
import { koinosJsonFromBinary } from "../json/koinos-json.js";
import type { JsonObject } from "../json/json-value.js";
import type { TypeRegistry } from "../json/type-registry.js";
import type { Logger } from "../logger.js";
import { goJson } from "./go-json.js";

/** A topic template's map key (`koinos.event.*.*.#`) and its message. */
export interface TopicType {
  readonly key: string;
  readonly message: DescMessage;
}

export interface LiveEventsOptions {
  readonly bus: Bus;
  readonly topics: readonly TopicType[];
  readonly registry: TypeRegistry;
  readonly maxStreams: number;
  readonly logger: Logger;
}

/** A client's unread output beyond which its stream is ended (it reads too slowly). */
const MAX_BUFFERED = 4 * 1024 * 1024;
const KEEP_ALIVE_MS = 15_000;
const MAX_PATTERNS = 8;

/**
 * `GET /events?topic=<pattern>` (repeatable): Server-Sent Events, one per
 * `koinos.event` message matching a pattern, `data: {"topic":..,"message":{..}}`
 * in Koinos JSON (Go's escaping). Each stream has subscriptions of its own
 * (its queues go with it); a client that stops reading is cut off rather
 * than buffered without bound.
 */
export class LiveEvents {
  readonly #streams = new Set<() => Promise<void>>();
  readonly #match: readonly { readonly matches: (topic: string) => boolean; readonly message: DescMessage }[];
  #closed = false;

  constructor(private readonly options: LiveEventsOptions) {
    this.#match = options.topics.map((t) => ({ matches: topicMatcher(t.key), message: t.message }));
  }

  get streams(): number {
    return this.#streams.size;
  }

  async open(response: ServerResponse, url: URL): Promise<void> {
    const patterns = url.searchParams.getAll("topic");
    const problem =
      patterns.length === 0
        ? "name the topics with ?topic=<pattern> (AMQP wildcards: * one word, # any number), e.g. ?topic=koinos.block.accept"
        : patterns.length > MAX_PATTERNS
          ? `at most ${MAX_PATTERNS} topic patterns per stream`
          : patterns.map(patternProblem).find((p) => p !== undefined);
    if (problem !== undefined) return plain(response, 400, problem);
    if (this.#closed) return plain(response, 503, "the gateway is shutting down");
    if (this.#streams.size >= this.options.maxStreams) return plain(response, 503, `too many event streams (${this.options.maxStreams})`);

    const subscriptions: Subscription[] = [];
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      this.#streams.delete(end);
      clearInterval(keepAlive);
      await Promise.all(subscriptions.map((s) => s.unsubscribe()));
      response.end();
    };
    this.#streams.add(end);
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    keepAlive.unref();
    // The response closes when the client goes away (or the stream ends).
    response.on("close", () => void end());
    const send = (topic: string, bytes: Uint8Array) => {
      if (ended) return;
      response.write(`data: ${goJson(this.#json(topic, bytes))}\n\n`);
      if (response.writableLength > MAX_BUFFERED) {
        this.options.logger.warn({ patterns }, "live events: a client reads too slowly; its stream is ended");
        void end();
      }
    };
    try {
      for (const pattern of patterns) subscriptions.push(await this.options.bus.subscribeRaw(pattern, (event) => send(event.topic, event.bytes)));
    } catch (error) {
      await end();
      if (!response.headersSent) plain(response, 503, `cannot subscribe: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (ended) return;
    response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" });
    response.write(`: subscribed to ${patterns.join(" ")}\n\n`);
  }

  /** Ends every stream. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#streams].map((end) => end()));
  }

  #json(topic: string, bytes: Uint8Array): JsonObject {
    const message = this.#match.find((m) => m.matches(topic))?.message;
    if (message === undefined) return { topic, error: "no message type is known for this topic", bytes: base64UrlEncode(bytes) };
    try {
      return { topic, message: koinosJsonFromBinary(message, bytes, { registry: this.options.registry }) };
    } catch (error) {
      return { topic, error: error instanceof Error ? error.message : String(error), bytes: base64UrlEncode(bytes) };
    }
  }
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  response.end(`${text}\n`);
}
