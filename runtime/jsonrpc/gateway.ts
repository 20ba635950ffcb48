import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { InvalidArgumentError } from "../errors.js";
import { isKoinosType } from "../koinos-type.js";
import { silentLogger } from "../logger.js";
import { countOption, msOption } from "../options-check.js";
import { schemaSet, type SchemaSet } from "../schema/schema-set.js";
import { accessLists } from "./access-lists.js";
import { answerBody, type AnswerContext } from "./answer-body.js";
import { JsonRpcErrorCode, messages, reasons } from "./error-codes.js";
import { GatewayMetrics } from "./gateway-metrics.js";
import type { JsonRpcGatewayOptions } from "./gateway-options.js";
import { goJson } from "./go-json.js";
import { healthCheck } from "./health.js";
import { LiveEvents, type TopicType } from "./live-events.js";
import { errorAnswer, NULL_ID } from "./response.js";
import { WorkerPool } from "./worker-pool.js";

/**
 * A JSON-RPC gateway to the Koinos bus, drop-in for koinos-jsonrpc: a Node
 * HTTP request handler (`http.createServer(gateway)`, or mounted in a
 * server of yours) with what it holds.
 */
export interface JsonRpcGateway {
  (request: IncomingMessage, response: ServerResponse): void;
  /** The services it serves and the types it knows. */
  readonly schemas: SchemaSet;
  /** What it is doing now. */
  stats(): JsonRpcGatewayStats;
  /** The Prometheus registry of its metrics, when `metrics` is on. */
  readonly metricsRegistry: Registry | undefined;
  /**
   * Shuts down: new requests get HTTP 503, so do those waiting for a worker;
   * requests being answered finish; event streams end. The bus stays open.
   */
  close(): Promise<void>;
}

/** A snapshot of a gateway's work, from `gateway.stats()`. */
export interface JsonRpcGatewayStats {
  /** Requests being answered (at most `jobs`). */
  readonly running: number;
  /** Requests waiting for a worker: in the queue or for a place in it. */
  readonly queued: number;
  /** Live event streams open. */
  readonly eventStreams: number;
}

const CORS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Authorization",
};

/**
 * Creates a JSON-RPC gateway over `options.bus` that answers exactly as
 * koinos-jsonrpc v1.2.0 does (methods `chain.get_head_info` or
 * `koinos.rpc.chain.get_head_info`, params in Koinos JSON, its envelope,
 * codes, messages and HTTP statuses), with opt-in batches, health, metrics
 * and live events.
 *
 * ```ts
 * const gateway = createJsonRpcGateway({ bus, services: [ChainService, BlockStoreService] });
 * http.createServer(gateway).listen(8080, "127.0.0.1");
 * ```
 * @throws InvalidArgumentError for options out of range or schemas given more or less than one way.
 */
export function createJsonRpcGateway(options: JsonRpcGatewayOptions): JsonRpcGateway {
  const schemas = schemasOf(options);
  const logger = options.logger ?? silentLogger;
  const jobs = countOption(options.jobs, 16, 65_536, "createJsonRpcGateway: jobs");
  const gatewayTimeoutMs = msOption(options.gatewayTimeoutMs, 3000, "createJsonRpcGateway: gatewayTimeoutMs");
  const maxBodyBytes = countOption(options.maxBodyBytes, 64 * 1024 * 1024, 2 ** 29, "createJsonRpcGateway: maxBodyBytes");
  const endpoint = options.endpoint ?? "/";
  if (!endpoint.startsWith("/")) throw new InvalidArgumentError(`createJsonRpcGateway: endpoint must start with /, got ${JSON.stringify(endpoint)}`);
  const metrics = options.metrics === undefined || options.metrics === false ? undefined : new GatewayMetrics(options.metrics === true ? undefined : options.metrics);
  const access = accessLists(options.whitelist, options.blacklist);
  const context: AnswerContext = {
    bus: options.bus,
    schemas,
    access,
    mqTimeoutMs: msOption(options.mqTimeoutMs, 5000, "createJsonRpcGateway: mqTimeoutMs"),
    maxRequestBytes: countOption(options.maxRequestBytes, 536_870_912, Number.MAX_SAFE_INTEGER, "createJsonRpcGateway: maxRequestBytes"),
    maxBatch: options.maxBatch === 0 ? 0 : countOption(options.maxBatch, 0, 65_536, "createJsonRpcGateway: maxBatch"),
    observe: (outcome, seconds) => metrics?.answered(outcome.method, outcome.code, seconds),
  };
  const pool = new WorkerPool(jobs);
  const health = options.health === true ? healthCheck(options.bus, schemas.services.filter((s) => [...s.methods.values()].some((m) => access.refusal(m) === undefined))) : undefined;
  const live = options.liveEvents === true ? new LiveEvents({ bus: options.bus, topics: topicTypes(schemas, options), registry: schemas.registry, maxStreams: countOption(options.maxEventStreams, 256, 65_536, "createJsonRpcGateway: maxEventStreams"), logger }) : undefined;
  const running = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  const matchesEndpoint = (path: string) => (endpoint.endsWith("/") ? path.startsWith(endpoint) : path === endpoint);

  const rpc = (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    if (closing !== undefined) return refuse(response, 503);
    metrics?.started();
    const done = readBody(request, maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) {
          // Over the limit: answered without reading the rest, and the connection closes.
          response.setHeader("Connection", "close");
          return json(response, errorAnswer(NULL_ID, JsonRpcErrorCode.INVALID_PARAMS, messages.tooLarge, reasons.invalidParams));
        }
        const outcome = await pool.submit(() => answerBody(context, body), gatewayTimeoutMs);
        if (outcome.status === "done") return json(response, outcome.value);
        return refuse(response, outcome.status === "timeout" ? 504 : 503);
      })
      .catch((error: unknown) => {
        logger.warn({ error }, "json-rpc: a request failed before it could be answered");
        if (!response.headersSent) response.writeHead(400).end();
        else response.destroy();
      })
      .finally(() => {
        metrics?.ended();
        running.delete(done);
      });
    running.add(done);
  };

  const refuse = (response: ServerResponse, status: 503 | 504) => {
    metrics?.refused(status);
    response.writeHead(status).end();
  };

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://gateway");
    if (request.method === "GET") {
      if (health !== undefined && url.pathname === "/health") return void health().then((report) => json(response, goJson(report.body), report.status));
      if (metrics !== undefined && url.pathname === "/metrics") {
        return void metrics.registry.metrics().then((text) => {
          response.writeHead(200, { "Content-Type": metrics.registry.contentType });
          response.end(text);
        });
      }
      if (live !== undefined && url.pathname === "/events") {
        for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
        return void live.open(response, url);
      }
    }
    if (!matchesEndpoint(url.pathname)) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
      return void response.end("404 page not found\n");
    }
    rpc(request, response);
  };

  return Object.assign(handler, {
    schemas,
    metricsRegistry: metrics?.registry,
    stats: (): JsonRpcGatewayStats => ({ running: pool.running, queued: pool.queued, eventStreams: live?.streams ?? 0 }),
    close: () => {
      closing ??= (async () => {
        pool.close();
        await live?.close();
        await Promise.allSettled([...running]);
      })();
      return closing;
    },
  });
}

function json(response: ServerResponse, text: string, status = 200): void {
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

/** The whole body, or undefined as soon as it is over `limit` bytes (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off("data", onData);
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks, size)));
    request.once("error", reject);
  });
}

function schemasOf(options: JsonRpcGatewayOptions): SchemaSet {
  const given = [options.services, options.descriptors, options.schemas].filter((s) => s !== undefined).length;
  if (given !== 1) throw new InvalidArgumentError("createJsonRpcGateway: give the schemas one way: services (generated definitions), descriptors (a file or directory) or schemas");
  if (options.schemas !== undefined) return options.schemas;
  return options.services !== undefined ? schemaSet({ definitions: options.services }) : schemaSet({ descriptors: options.descriptors as string });
}

function topicTypes(schemas: SchemaSet, options: JsonRpcGatewayOptions): TopicType[] {
  const fromMaps = (options.eventMaps ?? []).flatMap((map) => Object.entries(map).flatMap(([key, type]) => (isKoinosType(type) ? [{ key, message: type.desc }] : [])));
  return [...fromMaps, ...schemas.topics.map((t) => ({ key: t.key, message: t.message }))];
}
