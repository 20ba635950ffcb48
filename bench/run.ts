import { join } from "node:path";
import { broadcastRecords, generatorRecord, memoryRecord, rpcRecords } from "./scenarios.js";
import { environment } from "./environment.js";
import { writeResults, type ResultRecord } from "./report.js";

/**
 * `npm run bench` (add `-- --short` for the CI-sized run): the generated
 * stack against hand-written amqplib on the local RabbitMQ, interleaved in
 * one process, plus generator time and memory. Writes bench/results/.
 */
const short = process.argv.includes("--short");
const sizes = short
  ? { durationMs: 1500, warmupMs: 500, rounds: 2, events: 5000, files: 100, generatorRuns: 1, memoryCalls: 20_000 }
  : { durationMs: 3000, warmupMs: 1000, rounds: 5, events: 20_000, files: 300, generatorRuns: 3, memoryCalls: 200_000 };

const records: ResultRecord[] = [];
const progress = (r: ResultRecord) => {
  records.push(r);
  console.log(JSON.stringify(r));
};
for (const r of await rpcRecords([1, 16, 64, 256], sizes)) progress(r);
for (const r of await broadcastRecords([1, 3], sizes)) progress(r);
progress(generatorRecord(sizes));
progress(await memoryRecord(sizes));

const root = join(import.meta.dirname, "../../..");
const results = { environment: environment(), mode: short ? "short" : "full", records } as const;
console.log(`\n${writeResults(join(root, "bench/results"), results, join(root, "README.md"))}`);
