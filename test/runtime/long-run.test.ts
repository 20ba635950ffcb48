import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, it } from "vitest";
import { RpcAbortedError, RpcTimeoutError } from "koinos-mq-ts";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * 100k calls, a fifth of them timing out or aborted: afterwards the pending
 * map is empty, no timer is left behind, and the heap is where it was.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const slowServer: ChainServer = {
  ...chainServer,
  readContract: async (req, context) => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30);
      context.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { result: req.args };
  },
};

it("keeps memory, timers and the pending map flat over 100k calls with timeouts and aborts", { timeout: 300_000 }, async () => {
  await (await openBus()).serve(ChainService, slowServer, { concurrency: 64 });
  const bus = await openBus();
  const chain = new ChainClient(bus);
  const outcomes = { ok: 0, timeout: 0, aborted: 0 };

  async function run(calls: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < calls) {
        const i = next++;
        try {
          if (i % 10 < 8) {
            await chain.getHeadInfo();
          } else if (i % 10 === 8) {
            await chain.readContract({}, { timeoutMs: 5 });
          } else {
            const controller = new AbortController();
            setTimeout(() => controller.abort(), 2);
            await chain.readContract({}, { signal: controller.signal });
          }
          outcomes.ok++;
        } catch (error) {
          if (error instanceof RpcTimeoutError) outcomes.timeout++;
          else if (error instanceof RpcAbortedError) outcomes.aborted++;
          else throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 256 }, worker));
  }

  await run(10_000);
  await sleep(500);
  const baseline = { heap: heapAfterGc(), timers: timers() };
  await run(90_000);
  // Let late replies to timed-out and aborted calls arrive and be dropped.
  await sleep(1000);
  const after = { heap: heapAfterGc(), timers: timers() };

  expect(outcomes.ok + outcomes.timeout + outcomes.aborted).toBe(100_000);
  expect(outcomes.timeout).toBeGreaterThan(5_000);
  expect(outcomes.aborted).toBeGreaterThan(5_000);
  expect(bus.stats().pendingCalls).toBe(0);
  expect(bus.stats().client.lateReplies).toBeGreaterThan(0);
  expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  expect(after.heap - baseline.heap).toBeLessThan(16 << 20);
  console.log(`100k calls: ${JSON.stringify(outcomes)}, heap ${(baseline.heap / 2 ** 20).toFixed(1)} -> ${(after.heap / 2 ** 20).toFixed(1)} MiB, timers ${baseline.timers} -> ${after.timers}, late replies ${bus.stats().client.lateReplies}`);
});
