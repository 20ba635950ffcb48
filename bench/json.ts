import { join } from "node:path";
import type { Serializer } from "koilib";
import { koinosJsonFromBinary, koinosJsonToBinary, type JsonObject } from "koinos-mq-ts";
import { blockAcceptedSample, headInfoSample, type JsonSample } from "./json-messages.js";
import { koilibSerializer } from "./koilib-serializer.js";
import type { ResultRecord } from "./report.js";

export interface JsonSizes {
  readonly jsonMs: number;
  readonly jsonWarmupMs: number;
  readonly rounds: number;
}

const root = join(import.meta.dirname, "../../..");

/** Messages per second of `run` over `ms`, after `warmupMs`; `run` may be async (koilib's API is). */
async function rate(run: () => unknown, ms: number, warmupMs: number): Promise<number> {
  for (const [duration, counted] of [
    [warmupMs, false],
    [ms, true],
  ] as const) {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < duration) {
      const result = run();
      if (result instanceof Promise) await result;
      count++;
    }
    if (counted) return (count / (performance.now() - start)) * 1000;
  }
  return 0;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Koinos JSON decode (protobuf bytes -> JSON object) and encode (JSON object
 * -> protobuf bytes) of each sample, ours against koilib's Serializer
 * (deserialize / serialize) in the same process, alternating round by
 * round; medians over rounds, the ratio being the median of the rounds'
 * ours / koilib rates. Both take and give JSON objects, not text.
 */
export async function jsonRecords(s: JsonSizes, mode: "full" | "short"): Promise<ResultRecord[]> {
  // koilib over this repo's Koinos fixtures (address checksums unchecked, as on our side).
  const serializer = koilibSerializer(join(root, "proto"), ["koinos/broadcast/broadcast.proto", "koinos/rpc/chain/chain_rpc.proto"]);
  const measured = new Date().toISOString();
  const records: ResultRecord[] = [];
  for (const sample of [blockAcceptedSample(100), headInfoSample()]) {
    const json = koinosJsonFromBinary(sample.type.desc, sample.bytes) as JsonObject;
    await check(sample, json, serializer);
    const typeName = sample.type.typeName;
    const sides = {
      decode: {
        ours: () => koinosJsonFromBinary(sample.type.desc, sample.bytes),
        koilib: () => serializer.deserialize(sample.bytes, typeName),
      },
      encode: {
        ours: () => koinosJsonToBinary(sample.type.desc, json),
        koilib: () => serializer.serialize(json, typeName),
      },
    };
    for (const [direction, run] of Object.entries(sides)) {
      const rounds: { ours: number; koilib: number }[] = [];
      for (let round = 0; round < s.rounds; round++) {
        if (round % 2 === 0) {
          const ours = await rate(run.ours, s.jsonMs, s.jsonWarmupMs);
          rounds.push({ ours, koilib: await rate(run.koilib, s.jsonMs, s.jsonWarmupMs) });
        } else {
          const koilib = await rate(run.koilib, s.jsonMs, s.jsonWarmupMs);
          rounds.push({ ours: await rate(run.ours, s.jsonMs, s.jsonWarmupMs), koilib });
        }
      }
      records.push({
        scenario: "json",
        concurrency: null,
        message: sample.label,
        direction,
        bytes: sample.bytes.length,
        rps: median(rounds.map((r) => r.ours)),
        p50_ms: null,
        p99_ms: null,
        baseline: "koilib 9.1.1 Serializer",
        baseline_rps: median(rounds.map((r) => r.koilib)),
        baseline_p50_ms: null,
        baseline_p99_ms: null,
        ratio: median(rounds.map((r) => r.ours / r.koilib)),
        ratio_min: Math.min(...rounds.map((r) => r.ours / r.koilib)),
        ratio_max: Math.max(...rounds.map((r) => r.ours / r.koilib)),
        rounds: s.rounds,
        mode,
        measured,
      });
    }
  }
  return records;
}

/** Both sides must agree on the message before their speed means anything. */
async function check(sample: JsonSample, json: JsonObject, serializer: Serializer): Promise<void> {
  const back = koinosJsonFromBinary(sample.type.desc, await serializer.serialize(json, sample.type.typeName));
  if (JSON.stringify(back) !== JSON.stringify(json)) throw new Error(`${sample.label}: koilib's bytes do not read back to the same JSON`);
  if (JSON.stringify(koinosJsonFromBinary(sample.type.desc, koinosJsonToBinary(sample.type.desc, json))) !== JSON.stringify(json)) {
    throw new Error(`${sample.label}: our round trip differs`);
  }
}
