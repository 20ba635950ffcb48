import { connect } from "koinos-mq-ts";
import { ChainClient, ChainService, type ChainServer } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { load } from "./stats.js";
import { headInfo } from "./workload.js";

/**
 * One process of the scale-out benchmark, forked by scale-out.ts:
 * `server <url>` serves chain until told to stop; `client <url>` waits for
 * `start`, runs the load and reports its figures.
 */
const [mode, url] = process.argv.slice(2);
if (url === undefined || (mode !== "server" && mode !== "client")) throw new Error("usage: scale-worker server|client <amqp url>");
const send = (message: unknown) => process.send?.(message);
const bus = await connect({ url, name: `bench-scale-${mode}-${process.pid}` });

if (mode === "server") {
  const impl = { getHeadInfo: () => headInfo } as Partial<ChainServer>;
  for (const key of Object.keys(ChainService.methods)) (impl as Record<string, unknown>)[key] ??= () => ({});
  await bus.serve(ChainService, impl as ChainServer, { concurrency: 128 });
  process.on("message", async (message: { type: string }) => {
    if (message.type !== "stop") return;
    await bus.close();
    process.exit(0);
  });
  send({ type: "ready" });
} else {
  const chain = new ChainClient(bus);
  process.on("message", async (message: { type: string; concurrency: number; durationMs: number; warmupMs: number }) => {
    if (message.type !== "start") return;
    const figures = await load(() => chain.getHeadInfo(), message.concurrency, message.durationMs, message.warmupMs);
    send({ type: "figures", figures });
    await bus.close();
    process.exit(0);
  });
  send({ type: "ready" });
}
