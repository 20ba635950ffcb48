import { generatedBroadcast, rawBroadcast, type BroadcastFigures } from "./broadcast.js";
import { generatorBench } from "./generator.js";
import { memoryBench } from "./memory.js";
import type { ResultRecord } from "./report.js";
import { generatedRpc } from "./rpc-generated.js";
import { rawRpc } from "./rpc-raw.js";
import { load, type RunFigures } from "./stats.js";
import { freshVhost } from "./vhost.js";

export interface Sizes {
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly rounds: number;
  readonly events: number;
  readonly files: number;
  readonly generatorRuns: number;
  readonly memoryCalls: number;
}

/** Server prefetch of both stacks (the generated server's is twice its concurrency). */
const prefetch = 512;

/** Runs `body` against a fresh vhost, removed afterwards. */
async function inVhost<T>(name: string, body: (url: string) => Promise<T>): Promise<T> {
  const vhost = freshVhost(name);
  try {
    return await body(vhost.url);
  } finally {
    vhost.remove();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface Figures {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Runs both stacks round after round, alternating which goes first, and
 * summarises by medians; the ratio is the median of the rounds' own ratios,
 * so that a machine that slows down or speeds up between rounds weighs on
 * both sides of each ratio alike.
 */
async function paired(rounds: number, ours: () => Promise<Figures>, raw: () => Promise<Figures>) {
  const runs: { ours: Figures; raw: Figures }[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const o = await ours();
      runs.push({ ours: o, raw: await raw() });
    } else {
      const r = await raw();
      runs.push({ ours: await ours(), raw: r });
    }
  }
  const of = (side: "ours" | "raw", key: keyof Figures) => median(runs.map((run) => run[side][key]));
  return {
    rps: of("ours", "rate"),
    p50_ms: of("ours", "p50"),
    p99_ms: of("ours", "p99"),
    baseline_rps: of("raw", "rate"),
    baseline_p50_ms: of("raw", "p50"),
    baseline_p99_ms: of("raw", "p99"),
    ratio: median(runs.map((run) => run.ours.rate / run.raw.rate)),
    rounds,
  };
}

/** RPC round trips at each concurrency: generated stack against raw baseline. */
export async function rpcRecords(concurrencies: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const concurrency of concurrencies) {
    const measure = (stack: typeof generatedRpc | typeof rawRpc) => () =>
      inVhost("rpc", async (url) => {
        const rpc = await stack(url, prefetch);
        try {
          const f: RunFigures = await load(rpc.call, concurrency, s.durationMs, s.warmupMs);
          return { rate: f.rps, p50: f.p50, p99: f.p99 };
        } finally {
          await rpc.close();
        }
      });
    records.push({ scenario: "rpc", concurrency, ...(await paired(s.rounds, measure(generatedRpc), measure(rawRpc))) });
  }
  return records;
}

/** Publish -> N subscribers, typed path against raw amqplib; `concurrency` is the number of subscribers. */
export async function broadcastRecords(subscriberCounts: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const subscribers of subscriberCounts) {
    const measure = (stack: typeof generatedBroadcast | typeof rawBroadcast) => () =>
      inVhost("events", (url): Promise<BroadcastFigures> => stack(url, subscribers, s.events, 256));
    records.push({ scenario: "broadcast", concurrency: subscribers, ...(await paired(s.rounds, measure(generatedBroadcast), measure(rawBroadcast))), events: s.events });
  }
  return records;
}

/** Generator time; `ratio` is this plugin's time over ts-proto's on the same tree. */
export function generatorRecord(s: Sizes): ResultRecord {
  const g = generatorBench(s.files, s.generatorRuns);
  const none = { concurrency: null, rps: null, p50_ms: null, p99_ms: null, baseline_rps: null, baseline_p50_ms: null, baseline_p99_ms: null };
  return { scenario: "generator", ...none, ratio: g.oursMs / g.tsProtoMs, files: g.files, ts_proto_ms: g.tsProtoMs, ours_ms: g.oursMs, both_ms: g.bothMs };
}

/** Heap before and after a long run of calls. */
export async function memoryRecord(s: Sizes): Promise<ResultRecord> {
  const m = await inVhost("memory", (url) => memoryBench(url, s.memoryCalls));
  const none = { concurrency: 64, rps: null, p50_ms: null, p99_ms: null, baseline_rps: null, baseline_p50_ms: null, baseline_p99_ms: null, ratio: null };
  return { scenario: "memory", ...none, calls: m.calls, heap_start_mib: m.heapStartMiB, heap_end_mib: m.heapEndMiB };
}
