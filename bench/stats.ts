import { measureCost, type Cost } from "./cpu.js";

/** Latencies in ms, kept in a growable typed array (no per-sample objects). */
export class Latencies {
  #values = new Float64Array(1 << 16);
  #count = 0;

  add(ms: number): void {
    if (this.#count === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#count++] = ms;
  }

  get count(): number {
    return this.#count;
  }

  /** The q-quantile (0..1), nearest rank. */
  quantile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    const sorted = this.#values.slice(0, this.#count).sort();
    return sorted[Math.min(this.#count - 1, Math.ceil(q * this.#count) - 1)] ?? Number.NaN;
  }
}

/** Figures of one load run. */
export interface RunFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Per call, over the measured window: CPU of this process and of the broker in µs, socket writes, AMQP frames sent. */
  readonly selfUs: number;
  readonly brokerUs: number;
  readonly writes: number;
  readonly frames: number;
}

/** Per-unit figures of a measured cost. */
export function perCall(cost: Cost, calls: number): Pick<RunFigures, "selfUs" | "brokerUs" | "writes" | "frames"> {
  return {
    selfUs: (cost.selfCpuMs * 1000) / calls,
    brokerUs: (cost.brokerCpuMs * 1000) / calls,
    writes: cost.writes / calls,
    frames: cost.frames / calls,
  };
}

/**
 * Runs `call` from `concurrency` loops for `durationMs` (after `warmupMs`
 * whose calls are not counted) and returns throughput, latency and cost per call.
 */
export async function load(call: () => Promise<unknown>, concurrency: number, durationMs: number, warmupMs: number): Promise<RunFigures> {
  const latencies = new Latencies();
  let measuring = false;
  let done = false;
  const worker = async () => {
    while (!done) {
      const started = performance.now();
      await call();
      if (measuring) latencies.add(performance.now() - started);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await sleep(warmupMs);
  measuring = true;
  const stop = measureCost();
  await sleep(durationMs);
  measuring = false;
  const cost = stop();
  done = true;
  await Promise.all(workers);
  return {
    rps: (latencies.count / cost.wallMs) * 1000,
    p50: latencies.quantile(0.5),
    p99: latencies.quantile(0.99),
    ...perCall(cost, latencies.count),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
