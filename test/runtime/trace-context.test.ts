import { createRequire } from "node:module";
import { context, trace } from "@opentelemetry/api";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { AmqplibInstrumentation } from "@opentelemetry/instrumentation-amqplib";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { beforeAll, expect, it, vi } from "vitest";
import type { Bus, CallContext } from "koinos-mq-ts";
import type { ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * With OpenTelemetry's amqplib instrumentation registered, trace context
 * crosses the bus: a request carries `traceparent`, and the handler runs in
 * the caller's trace, even when it waited for a free handler slot.
 */
const vhost = useVhost(import.meta.filename);
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
registerInstrumentations({ instrumentations: [new AmqplibInstrumentation()], tracerProvider: provider });
// The instrumentation patches amqplib when it is required: load it now, before the runtime does.
createRequire(import.meta.url)("amqplib");
const tracer = provider.getTracer("trace-context-test");

let bus: Bus;
let serving: Bus;
let chain: { readContract(r: { args: Uint8Array }): Promise<unknown> };
const seen: { traceId: string | undefined; traceparent: unknown }[] = [];

beforeAll(async () => {
  const { connect } = await import("koinos-mq-ts");
  const { ChainClient, ChainService } = await import("../../generated/koinos/rpc/chain/chain_rpc_mq.js");
  const server: ChainServer = {
    ...chainServer,
    readContract: async (req, callContext: CallContext) => {
      seen.push({ traceId: trace.getSpan(context.active())?.spanContext().traceId, traceparent: callContext.properties.headers?.["traceparent"] });
      // The first handler holds until a second request waits behind it in the server.
      if (seen.length === 1) await vi.waitFor(() => expect(serving.stats().servers["koinos.rpc.chain"]?.inFlight).toBe(2), { timeout: 10_000 });
      return { result: req.args };
    },
  };
  serving = await connect(vhost.url);
  // One handler at a time, so that most requests wait in the queue.
  await serving.serve(ChainService, server, { concurrency: 1 });
  bus = await connect(vhost.url);
  chain = new ChainClient(bus);
});

it("carries the caller's trace to the handler, also for requests that waited their turn", async () => {
  const callers = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      tracer.startActiveSpan(`caller ${i}`, async (span) => {
        await chain.readContract({ args: new Uint8Array([i]) });
        span.end();
        return span.spanContext().traceId;
      }),
    ),
  );
  await vi.waitFor(() => expect(seen).toHaveLength(5));
  expect(seen.every((s) => typeof s.traceparent === "string")).toBe(true);
  expect(seen.map((s) => s.traceId).sort()).toEqual([...callers].sort());
  await Promise.all([bus.close(), serving.close()]);
});
