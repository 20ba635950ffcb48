import { generatedBroadcast, rawBroadcast } from "./broadcast.js";
import { gatewayRpc } from "./gateway.js";
import { generatorBench } from "./generator.js";
import { memoryBench } from "./memory.js";
import type { ResultRecord } from "./report.js";
import { generatedRpc } from "./rpc-generated.js";
import { memoryBusRpc } from "./rpc-memory-bus.js";
import { rawRpc } from "./rpc-raw.js";
import { load } from "./stats.js";
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
export async function inVhost<T>(name: string, body: (url: string) => Promise<T>): Promise<T> {
  const vhost = freshVhost(name);
  try {
    return await body(vhost.url);
  } finally {
    vhost.remove();
  }
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** What one run of one stack measured. */
export interface Figures {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly selfUs: number;
  readonly brokerUs: number;
  readonly writes: number;
  readonly frames: number;
}

/**
 * Runs both stacks round after round, alternating which goes first, and
 * summarises by medians; the ratio is the median of the rounds' own ratios
 * (with their lowest and highest), so that a machine that slows down or
 * speeds up between rounds weighs on both sides of each ratio alike.
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
  const ratios = runs.map((run) => run.ours.rate / run.raw.rate);
  return {
    rps: of("ours", "rate"),
    p50_ms: of("ours", "p50"),
    p99_ms: of("ours", "p99"),
    baseline_rps: of("raw", "rate"),
    baseline_p50_ms: of("raw", "p50"),
    baseline_p99_ms: of("raw", "p99"),
    ratio: median(ratios),
    ratio_min: Math.min(...ratios),
    ratio_max: Math.max(...ratios),
    rounds,
    cost: {
      ours: { self_us: of("ours", "selfUs"), broker_us: of("ours", "brokerUs"), writes: of("ours", "writes"), frames: of("ours", "frames") },
      baseline: { self_us: of("raw", "selfUs"), broker_us: of("raw", "brokerUs"), writes: of("raw", "writes"), frames: of("raw", "frames") },
    },
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
          const f = await load(rpc.call, concurrency, s.durationMs, s.warmupMs);
          return { ...f, rate: f.rps };
        } finally {
          await rpc.close();
        }
      });
    records.push({ scenario: "rpc", concurrency, ...(await paired(s.rounds, measure(generatedRpc), measure(rawRpc))) });
  }
  return records;
}

/**
 * The same calls on the memory bus (`createMemoryBus()`), round after round.
 * Its baseline is the generated stack on RabbitMQ at the same concurrency
 * in this run (`rabbitmq`, the rpc records): the ratio is memory / RabbitMQ
 * throughput, its lowest and highest over the memory rounds, and the cost
 * the process CPU per call of each (no broker, no socket here: the broker's
 * CPU is not the memory bus's, so it is left out). Without those records
 * the baseline is left empty.
 */
export async function memoryBusRpcRecords(concurrencies: readonly number[], s: Sizes, rabbitmq: readonly ResultRecord[]): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const concurrency of concurrencies) {
    const runs: { rate: number; p50: number; p99: number; selfUs: number }[] = [];
    for (let round = 0; round < s.rounds; round++) {
      const rpc = memoryBusRpc(prefetch);
      try {
        await rpc.start();
        const f = await load(rpc.call, concurrency, s.durationMs, s.warmupMs);
        runs.push({ rate: f.rps, p50: f.p50, p99: f.p99, selfUs: f.selfUs });
      } finally {
        await rpc.close();
      }
    }
    const onRabbitmq = rabbitmq.find((r) => r.scenario === "rpc" && r.concurrency === concurrency);
    const against = typeof onRabbitmq?.rps === "number" ? onRabbitmq.rps : undefined;
    const ratios = against === undefined ? [] : runs.map((r) => r.rate / against);
    const rabbitmqCost = (onRabbitmq?.["cost"] as { ours?: unknown } | undefined)?.ours;
    records.push({
      scenario: "rpc-memory-bus",
      concurrency,
      rps: median(runs.map((r) => r.rate)),
      p50_ms: median(runs.map((r) => r.p50)),
      p99_ms: median(runs.map((r) => r.p99)),
      baseline_rps: onRabbitmq?.rps ?? null,
      baseline_p50_ms: onRabbitmq?.p50_ms ?? null,
      baseline_p99_ms: onRabbitmq?.p99_ms ?? null,
      ratio: ratios.length === 0 ? null : median(ratios),
      ratio_min: ratios.length === 0 ? null : Math.min(...ratios),
      ratio_max: ratios.length === 0 ? null : Math.max(...ratios),
      rounds: s.rounds,
      cost: {
        ours: { self_us: median(runs.map((r) => r.selfUs)), broker_us: null, writes: null, frames: null },
        baseline: rabbitmqCost ?? { self_us: null, broker_us: null, writes: null, frames: null },
      },
    });
  }
  return records;
}

/** chain.get_head_info through the JSON-RPC gateway over HTTP against the same call directly on the bus. */
export async function gatewayRecords(concurrencies: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const concurrency of concurrencies) {
    const measure = (open: (url: string) => Promise<{ call: () => Promise<unknown>; close: () => Promise<void> }>) => () =>
      inVhost("gateway", async (url) => {
        const stack = await open(url);
        try {
          const f = await load(stack.call, concurrency, s.durationMs, s.warmupMs);
          return { ...f, rate: f.rps };
        } finally {
          await stack.close();
        }
      });
    const viaGateway = measure((url) => gatewayRpc(url, prefetch, concurrency));
    const direct = measure((url) => generatedRpc(url, prefetch));
    records.push({ scenario: "gateway", concurrency, ...(await paired(s.rounds, viaGateway, direct)) });
  }
  return records;
}

/** Publish -> N subscribers, typed path against raw amqplib; `concurrency` is the number of subscribers. */
export async function broadcastRecords(subscriberCounts: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const subscribers of subscriberCounts) {
    const measure = (stack: typeof generatedBroadcast | typeof rawBroadcast) => () => inVhost("events", (url) => stack(url, subscribers, s.events, 256));
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
