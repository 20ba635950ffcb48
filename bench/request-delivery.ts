import type { ResultRecord } from "./report.js";
import { generatedRpc } from "./rpc-generated.js";
import { inVhost, median, type Sizes } from "./scenarios.js";
import { load, type RunFigures } from "./stats.js";

/** The request flags compared: what we send, what koinos-mq-golang sends, and the two in between. */
const variants = [
  { name: "persistent, mandatory", persistent: true, mandatory: true },
  { name: "persistent", persistent: true, mandatory: false },
  { name: "transient, mandatory", persistent: false, mandatory: true },
  { name: "transient (as Go)", persistent: false, mandatory: false },
] as const;

/**
 * The generated stack with each request delivery at `concurrency` in
 * flight, the variants taking turns round by round (starting with a
 * different one each round): RPC/s and the broker's CPU per RPC.
 */
export async function requestDeliveryRecords(concurrency: number, s: Sizes): Promise<ResultRecord[]> {
  const runs = variants.map(() => [] as RunFigures[]);
  for (let round = 0; round < s.rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + round) % variants.length;
      const v = variants[i] as (typeof variants)[number];
      const figures = await inVhost("delivery", async (url) => {
        const rpc = await generatedRpc(url, 512, { persistent: v.persistent, mandatory: v.mandatory });
        try {
          return await load(rpc.call, concurrency, s.durationMs, s.warmupMs);
        } finally {
          await rpc.close();
        }
      });
      runs[i]?.push(figures);
    }
  }
  return variants.map((v, i) => {
    const of = (key: keyof RunFigures) => median((runs[i] ?? []).map((r) => r[key]));
    return {
      scenario: "request-delivery",
      variant: v.name,
      persistent: v.persistent,
      mandatory: v.mandatory,
      concurrency,
      rps: of("rps"),
      p50_ms: of("p50"),
      p99_ms: of("p99"),
      baseline_rps: null,
      baseline_p50_ms: null,
      baseline_p99_ms: null,
      ratio: null,
      self_us: of("selfUs"),
      broker_us: of("brokerUs"),
      rounds: s.rounds,
    };
  });
}
