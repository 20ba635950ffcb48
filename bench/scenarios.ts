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

/** The best of the rounds by throughput, so that one disturbed round does not decide. */
const best = <T extends { rps?: number; rate?: number }>(runs: T[]) => runs.reduce((a, b) => ((b.rps ?? b.rate ?? 0) > (a.rps ?? a.rate ?? 0) ? b : a));

/** RPC round trips at each concurrency: generated stack and raw baseline, alternating round by round. */
export async function rpcRecords(concurrencies: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const concurrency of concurrencies) {
    const ours: RunFigures[] = [];
    const raw: RunFigures[] = [];
    for (let round = 0; round < s.rounds; round++) {
      for (const [stack, runs] of [[generatedRpc, ours], [rawRpc, raw]] as const) {
        runs.push(
          await inVhost("rpc", async (url) => {
            const rpc = await stack(url, prefetch);
            try {
              return await load(rpc.call, concurrency, s.durationMs, s.warmupMs);
            } finally {
              await rpc.close();
            }
          }),
        );
      }
    }
    const o = best(ours);
    const r = best(raw);
    records.push({ scenario: "rpc", concurrency, rps: o.rps, p50_ms: o.p50, p99_ms: o.p99, baseline_rps: r.rps, baseline_p50_ms: r.p50, baseline_p99_ms: r.p99, ratio: o.rps / r.rps });
  }
  return records;
}

/** Publish -> N subscribers, typed path against raw amqplib; `concurrency` is the number of subscribers. */
export async function broadcastRecords(subscriberCounts: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const subscribers of subscriberCounts) {
    const ours: BroadcastFigures[] = [];
    const raw: BroadcastFigures[] = [];
    for (let round = 0; round < s.rounds; round++) {
      ours.push(await inVhost("events", (url) => generatedBroadcast(url, subscribers, s.events, 256)));
      raw.push(await inVhost("events", (url) => rawBroadcast(url, subscribers, s.events, 256)));
    }
    const o = best(ours);
    const r = best(raw);
    records.push({ scenario: "broadcast", concurrency: subscribers, rps: o.rate, p50_ms: o.p50, p99_ms: o.p99, baseline_rps: r.rate, baseline_p50_ms: r.p50, baseline_p99_ms: r.p99, ratio: o.rate / r.rate, events: s.events });
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
