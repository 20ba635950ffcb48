import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { brokerCpuMs } from "./cpu.js";
import type { ResultRecord } from "./report.js";
import { inVhost, median, type Sizes } from "./scenarios.js";
import { sleep, type RunFigures } from "./stats.js";

/** Client processes, and calls in flight in each. */
const clients = 2;
const inFlight = 64;

/** Resolves with the next message of `type` from a worker. */
function next<T>(worker: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      worker.off("message", onMessage);
      resolve(message as T);
    };
    worker.on("message", onMessage);
    worker.once("exit", (code) => reject(new Error(`scale-out worker exited with ${code} before sending ${type}`)));
  });
}

function spawn(mode: "server" | "client", url: string): ChildProcess {
  return fork(join(import.meta.dirname, "scale-worker.js"), [mode, url], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

/** One run: `servers` server processes and the client processes on one service, the broker's CPU read over the measured window. */
async function run(servers: number, s: Sizes): Promise<{ rps: number; p99: number; brokerCores: number }> {
  return inVhost("scale", async (url) => {
    const serverProcs = Array.from({ length: servers }, () => spawn("server", url));
    const clientProcs = Array.from({ length: clients }, () => spawn("client", url));
    try {
      await Promise.all([...serverProcs, ...clientProcs].map((w) => next(w, "ready")));
      const results = clientProcs.map((w) => next<{ figures: RunFigures }>(w, "figures"));
      for (const w of clientProcs) w.send({ type: "start", concurrency: inFlight, durationMs: s.durationMs, warmupMs: s.warmupMs });
      await sleep(s.warmupMs);
      const broker = brokerCpuMs();
      const started = performance.now();
      const figures = (await Promise.all(results)).map((r) => r.figures);
      const brokerCores = (brokerCpuMs() - broker) / (performance.now() - started);
      return { rps: figures.reduce((n, f) => n + f.rps, 0), p99: Math.max(...figures.map((f) => f.p99)), brokerCores };
    } finally {
      for (const w of serverProcs) w.send({ type: "stop" });
      await Promise.all([...serverProcs, ...clientProcs].map((w) => (w.exitCode === null ? new Promise((resolve) => w.once("exit", resolve)) : undefined)));
    }
  });
}

/** RPC/s with 1, 2 and 4 server processes as competing consumers of one service, and the broker's CPU share. */
export async function scaleOutRecords(serverCounts: readonly number[], s: Sizes): Promise<ResultRecord[]> {
  const records: ResultRecord[] = [];
  for (const servers of serverCounts) {
    const runs = [];
    for (let round = 0; round < Math.max(1, Math.ceil(s.rounds / 2)); round++) runs.push(await run(servers, s));
    records.push({
      scenario: "scale-out",
      concurrency: clients * inFlight,
      servers,
      clients,
      rps: median(runs.map((r) => r.rps)),
      p50_ms: null,
      p99_ms: median(runs.map((r) => r.p99)),
      baseline_rps: null,
      baseline_p50_ms: null,
      baseline_p99_ms: null,
      ratio: null,
      broker_cores: median(runs.map((r) => r.brokerCores)),
      rounds: runs.length,
    });
  }
  return records;
}
