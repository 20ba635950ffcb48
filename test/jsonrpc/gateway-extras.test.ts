import { beforeAll, describe, expect, it } from "vitest";
import type { Bus } from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { blockStoreServer, bytes, chainServer } from "../helpers/fixture-servers.js";
import { gatewayFactory, post } from "../helpers/gateway.js";
import { useVhost } from "../helpers/vhost.js";

/** What the gateway adds to koinos-jsonrpc, each opt-in: batches, health, metrics, live events. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const startGateway = gatewayFactory();
const services = [ChainService, BlockStoreService];
const call = (method: string, id: number, params: unknown = {}) => ({ jsonrpc: "2.0", id, method, params });
const chainId = '{"chain_id":"a29pbm9zLXRlc3QtY2hhaW4="}';

let bus: Bus;
beforeAll(async () => {
  bus = await openBus();
  await bus.serve(ChainService, chainServer);
});

describe("batches (maxBatch)", () => {
  it("answer an array with an array, in order, each request as it would be alone", async () => {
    const { url } = await startGateway({ bus, services, maxBatch: 4 });
    const body = JSON.stringify([call("chain.get_chain_id", 1), call("chain.nope", 2), 5, { jsonrpc: "2.0", method: "chain.get_chain_id" }]);
    expect((await post(url, body)).text).toBe(
      "[" +
        [
          `{"jsonrpc":"2.0","result":${chainId},"id":1}`,
          '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Unable to translate request","data":"unknown method"},"id":2}',
          '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request","data":"a batch element must be a request object"},"id":null}',
          '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request","data":"missing ID"},"id":null}',
        ].join(",") +
        "]",
    );
  });

  it("refuse an empty batch and one over the limit with one -32600 answer", async () => {
    const { url } = await startGateway({ bus, services, maxBatch: 2 });
    expect((await post(url, "[]")).text).toBe('{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request","data":"a batch needs at least one request"},"id":null}');
    const three = JSON.stringify([1, 2, 3].map((id) => call("chain.get_chain_id", id)));
    expect((await post(url, three)).text).toBe('{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request","data":"a batch holds at most 2 requests"},"id":null}');
  });
});

describe("GET /health (health)", () => {
  it("is 503 while a service has no consumer, 200 once every service has one, with the broker state and each queue", async () => {
    const { url } = await startGateway({ bus, services, health: true });
    const before = await fetch(`${url}health`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({
      status: "degraded",
      broker: "ready",
      services: {
        chain: { queue: "koinos.rpc.chain", exists: true, consumers: 1, messages: 0 },
        block_store: { queue: "koinos.rpc.block_store", exists: false, consumers: 0, messages: 0 },
      },
    });
    const served = await (await openBus()).serve(BlockStoreService, blockStoreServer);
    const after = await fetch(`${url}health`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: "ok", services: { block_store: { exists: true, consumers: 1 } } });
    await served.stop();
  });

  it("counts only services the access lists let through", async () => {
    const { url } = await startGateway({ bus, services, health: true, whitelist: ["chain."] });
    const report = await fetch(`${url}health`);
    expect(report.status).toBe(200);
    expect(Object.keys(((await report.json()) as { services: object }).services)).toEqual(["chain"]);
  });

  it("is not there unless asked for: GET /health is then a JSON-RPC request", async () => {
    const { url } = await startGateway({ bus, services });
    expect(JSON.parse(await (await fetch(`${url}health`)).text()) as unknown).toMatchObject({ error: { code: -32700 } });
  });
});

describe("GET /metrics (metrics)", () => {
  it("counts requests and errors by method and code, times them per method, and shows requests in flight", async () => {
    const { url } = await startGateway({ bus, services, metrics: true });
    await post(url, JSON.stringify(call("chain.get_chain_id", 1)));
    await post(url, JSON.stringify(call("chain.get_chain_id", 2)));
    await post(url, JSON.stringify(call("chain.read_contract", 3, null)));
    await post(url, "not json");
    const response = await fetch(`${url}metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('koinos_jsonrpc_requests_total{method="koinos.rpc.chain.get_chain_id"} 2');
    expect(text).toContain('koinos_jsonrpc_errors_total{method="koinos.rpc.chain.read_contract",code="-32601"} 1');
    expect(text).toContain('koinos_jsonrpc_errors_total{method="unknown",code="-32700"} 1');
    expect(text).toContain('koinos_jsonrpc_request_duration_seconds_count{method="koinos.rpc.chain.get_chain_id"} 2');
    expect(text).toMatch(/koinos_jsonrpc_request_duration_seconds_bucket\{le="0\.1",method="koinos\.rpc\.chain\.get_chain_id"\} 2/);
    expect(text).toContain("koinos_jsonrpc_requests_in_flight 0");
  });
});

describe("GET /events?topic= (liveEvents)", () => {
  /** Reads Server-Sent Events from a response until `count` data lines came. */
  async function readEvents(response: Response, count: number): Promise<unknown[]> {
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const events: unknown[] = [];
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      for (let end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n")) {
        const block = text.substring(0, end);
        text = text.substring(end + 2);
        if (block.startsWith("data: ")) events.push(JSON.parse(block.substring(6)));
      }
    }
    await reader.cancel();
    return events;
  }

  it("streams the events of the client's patterns in Koinos JSON, typed by topic", async () => {
    const { url, gateway } = await startGateway({ bus, services, liveEvents: true, eventMaps: [KoinosEvents] });
    const response = await fetch(`${url}events?topic=koinos.block.*&topic=koinos.event.%23`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(gateway.stats().eventStreams).toBe(1);
    await bus.publish(KoinosEvents, "koinos.block.irreversible", { topology: { id: bytes(0x12, 0x20, 1), height: "41" } });
    await bus.publish(KoinosEvents, "koinos.transaction.accept", { receipt: { id: bytes(1) } });
    await bus.publish(KoinosEvents, "koinos.event.1Token.token.transfer_event", { height: "7", event: { sequence: 2, name: "token.transfer_event", data: bytes(1, 2) } });
    expect(await readEvents(response, 2)).toEqual([
      { topic: "koinos.block.irreversible", message: { topology: { id: "0x122001", height: "41" } } },
      { topic: "koinos.event.1Token.token.transfer_event", message: { height: "7", event: { sequence: 2, name: "token.transfer_event", data: "AQI=" } } },
    ]);
    await expect.poll(() => gateway.stats().eventStreams).toBe(0);
  });

  it("says what is wrong with a request without topics or with a bad pattern", async () => {
    const { url } = await startGateway({ bus, services, liveEvents: true });
    const none = await fetch(`${url}events`);
    expect(none.status).toBe(400);
    expect(await none.text()).toMatch(/name the topics with \?topic=<pattern>/);
    expect((await fetch(`${url}events?topic=koinos..block`)).status).toBe(400);
  });

  it("refuses streams over maxEventStreams with 503", async () => {
    const { url } = await startGateway({ bus, services, liveEvents: true, maxEventStreams: 1 });
    const first = await fetch(`${url}events?topic=a.b`);
    const second = await fetch(`${url}events?topic=a.b`);
    expect(second.status).toBe(503);
    await first.body?.cancel();
  });
});
