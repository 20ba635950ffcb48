import { join } from "node:path";
import { parseArgs } from "node:util";
import { countIo, waitForQuietMachine } from "./cpu.js";
import { perCallRecords } from "./per-call.js";
import { requestDeliveryRecords } from "./request-delivery.js";
import { scaleOutRecords } from "./scale-out.js";
import { broadcastRecords, gatewayRecords, generatorRecord, memoryBusRpcRecords, memoryRecord, rpcRecords } from "./scenarios.js";
import { environment } from "./environment.js";
import { jsonRecords } from "./json.js";
import { readResults, writeResults, type ResultRecord } from "./report.js";

/**
 * `npm run bench` (add `-- --short` for the CI-sized run): the generated
 * stack against hand-written amqplib on the local RabbitMQ, interleaved in
 * one process, plus the same calls on the memory bus, generator time,
 * memory, and Koinos JSON against koilib. Writes bench/results/.
 * `-- --only rpc,broadcast` runs some scenarios and writes nothing (they
 * are rpc, rpc-memory-bus, broadcast, per-call, delivery, scale, generator,
 * memory and json); `-- --only json` runs the Koinos JSON scenario alone
 * (no broker needed) and replaces only its records and its README table,
 * keeping the figures of the last full run of the others.
 */
const { values } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    only: { type: "string" },
    concurrency: { type: "string" },
    rounds: { type: "string" },
  },
});
const short = values.short;
const mode: "full" | "short" = short ? "short" : "full";
const only = values.only?.split(",");
const wanted = (scenario: string) => only === undefined || only.includes(scenario);
const base = short
  ? { durationMs: 1500, warmupMs: 500, rounds: 2, events: 5000, files: 100, generatorRuns: 1, memoryCalls: 20_000 }
  : { durationMs: 3000, warmupMs: 1000, rounds: 5, events: 20_000, files: 300, generatorRuns: 3, memoryCalls: 200_000 };
const sizes = values.rounds === undefined ? base : { ...base, rounds: Number(values.rounds) };
const jsonSizes = short ? { jsonMs: 700, jsonWarmupMs: 300, rounds: 3 } : { jsonMs: 2000, jsonWarmupMs: 700, rounds: 5 };
const concurrencies = values.concurrency === undefined ? [1, 16, 64, 256] : values.concurrency.split(",").map(Number);

countIo();
if (only === undefined || only.some((o) => o !== "json")) {
  const busy = await waitForQuietMachine();
  console.error(`machine ${Math.round(busy * 100)}% busy when the measurements start`);
}
const records: ResultRecord[] = [];
const progress = (r: ResultRecord) => {
  records.push(r);
  console.log(JSON.stringify(r));
};
if (wanted("rpc")) for (const r of await rpcRecords(concurrencies, sizes)) progress(r);
// At 1 and 64 in flight, against the rpc rows just measured.
if (wanted("rpc-memory-bus")) for (const r of await memoryBusRpcRecords([1, 64], sizes, [...records])) progress(r);
if (wanted("gateway")) for (const r of await gatewayRecords([1, 16, 64], sizes)) progress(r);
if (wanted("broadcast")) for (const r of await broadcastRecords([1, 3], sizes)) progress(r);
if (wanted("per-call")) for (const r of perCallRecords(sizes.rounds)) progress(r);
if (wanted("delivery")) for (const r of await requestDeliveryRecords(64, sizes)) progress(r);
if (wanted("scale")) for (const r of await scaleOutRecords(short ? [1, 2] : [1, 2, 4], sizes)) progress(r);
if (wanted("generator")) progress(generatorRecord(sizes));
if (wanted("memory")) progress(await memoryRecord(sizes));
if (wanted("json")) for (const r of await jsonRecords({ ...jsonSizes, rounds: values.rounds === undefined ? jsonSizes.rounds : Number(values.rounds) }, mode)) progress(r);

const root = join(import.meta.dirname, "../../..");
const dir = join(root, "bench/results");
const readme = join(root, "README.md");
if (only === undefined) {
  const results = { environment: environment(), mode, records } as const;
  console.log(`\n${writeResults(dir, results, readme, mode === "full" ? "all" : "none")}`);
} else if (only.length === 1 && only[0] === "json") {
  // Alone, the JSON scenario keeps the other scenarios' records (and their environment) from the last run.
  const previous = readResults(dir);
  const results = previous === undefined ? { environment: environment(), mode, records } : { ...previous, records: [...previous.records.filter((r) => r.scenario !== "json"), ...records] };
  console.log(`\n${writeResults(dir, results, readme, "json")}`);
}
