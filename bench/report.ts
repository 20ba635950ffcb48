import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One scenario's figures: medians over the rounds; `ratio` is the median of
 * the rounds' ours / baseline throughput (for the generator, ours / ts-proto time).
 */
export interface ResultRecord {
  readonly scenario: string;
  readonly concurrency: number | null;
  readonly rps: number | null;
  readonly p50_ms: number | null;
  readonly p99_ms: number | null;
  readonly baseline_rps: number | null;
  readonly baseline_p50_ms: number | null;
  readonly baseline_p99_ms: number | null;
  readonly ratio: number | null;
  readonly [more: string]: unknown;
}

export interface Results {
  readonly environment: Record<string, string>;
  readonly mode: "full" | "short";
  readonly records: readonly ResultRecord[];
}

const round = (n: number | null, digits: number) => (n === null || !Number.isFinite(n) ? "–" : n.toFixed(digits));

/** The results of the last run, if bench/results has them. */
export function readResults(dir: string): Results | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, "latest.json"), "utf8")) as Results;
  } catch {
    return undefined;
  }
}

/**
 * Writes latest.json, latest.md and latest.svg into `dir`, and tables into
 * the README's performance section: `all` (after a full run) rewrites the
 * main table (between its bench markers) and the Koinos JSON one (between
 * its bench-json markers), `json` only the latter, `none` neither.
 * Returns the Markdown.
 */
export function writeResults(dir: string, results: Results, readme: string, readmeTables: "all" | "json" | "none"): string {
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const main = markdown(results);
  const json = jsonMarkdown(results.records.filter((r) => r.scenario === "json"));
  const md = json === "" ? main : `${main}\n${json}`;
  writeFileSync(join(dir, "latest.md"), md);
  writeFileSync(join(dir, "latest.svg"), chart(results.records.filter((r) => r.scenario === "rpc"), results.records.filter((r) => r.scenario === "scale-out")));
  let text = readFileSync(readme, "utf8");
  if (readmeTables === "all") text = replaceBetween(text, "bench", main);
  if (readmeTables !== "none" && json !== "") text = replaceBetween(text, "bench-json", json);
  writeFileSync(readme, text);
  return md;
}

/** Replaces what lies between `<!-- name -->` and `<!-- /name -->`, if both are there. */
function replaceBetween(text: string, name: string, content: string): string {
  const [before, rest] = text.split(`<!-- ${name} -->\n`);
  const after = rest?.split(`<!-- /${name} -->`)[1];
  return before === undefined || after === undefined ? text : `${before}<!-- ${name} -->\n${content}<!-- /${name} -->${after}`;
}

/** The Koinos JSON records: messages per second, ours and koilib's, both ways. */
function jsonMarkdown(records: readonly ResultRecord[]): string {
  const first = records[0];
  if (first === undefined) return "";
  const lines = [
    `Koinos JSON, measured ${first["measured"]} (${first["mode"]} run: medians of ${first["rounds"]} rounds, alternating) against ${first["baseline"]} in the same process; decode is protobuf bytes to a JSON object, encode the other way.`,
    "",
    "| message | bytes | direction | ours msg/s | koilib msg/s | ratio (lowest–highest round) |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of records) {
    lines.push(`| ${r["message"]} | ${r["bytes"]} | ${r["direction"]} | ${round(r.rps, 0)} | ${round(r.baseline_rps, 0)} | ${round(r.ratio, 2)} (${round(num(r["ratio_min"]), 2)}–${round(num(r["ratio_max"]), 2)}) |`);
  }
  return `${lines.join("\n")}\n`;
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value`. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

/** The main table's scenarios: ours against a baseline (for rpc-memory-bus, the rpc rows on RabbitMQ; for gateway, the same calls on the bus). */
const compared = new Set(["rpc", "rpc-memory-bus", "gateway", "broadcast"]);

function markdown(results: Results): string {
  const e = results.environment;
  const records = results.records;
  const lines = [
    `Measured ${e["date"]} (${results.mode} run: medians of ${records[0]?.["rounds"] ?? 1} rounds, the stacks alternating) with ${e["broker"]}, Node ${e["node"]}, on ${e["machine"]}.`,
    "",
    "| scenario | concurrency | ours /s | p50 ms | p99 ms | baseline /s | p50 ms | p99 ms | ratio (lowest–highest round) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of records.filter((r) => compared.has(r.scenario))) {
    lines.push(
      `| ${r.scenario} | ${r.concurrency ?? "–"} | ${round(r.rps, 0)} | ${round(r.p50_ms, 2)} | ${round(r.p99_ms, 2)} | ${round(r.baseline_rps, 0)} | ${round(r.baseline_p50_ms, 2)} | ${round(r.baseline_p99_ms, 2)} | ${round(r.ratio, 2)} (${round(num(r["ratio_min"]), 2)}–${round(num(r["ratio_max"]), 2)}) |`,
    );
  }
  const costed = records.filter((r) => compared.has(r.scenario) && typeof r["cost"] === "object");
  if (costed.length > 0) {
    lines.push(
      "",
      "Cost per call (per event published for broadcast), medians over the rounds: CPU of the benchmark process (client and server, or publisher and subscribers) and of the broker, socket writes and AMQP frames the process sent.",
      "",
      "| scenario | concurrency | process µs ours | raw | broker µs ours | raw | writes ours | raw | frames ours | raw |",
      "|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const r of costed) {
      const c = r["cost"] as { ours: Cost; baseline: Cost };
      lines.push(
        `| ${r.scenario} | ${r.concurrency} | ${round(c.ours.self_us, 1)} | ${round(c.baseline.self_us, 1)} | ${round(c.ours.broker_us, 1)} | ${round(c.baseline.broker_us, 1)} | ${round(c.ours.writes, 2)} | ${round(c.baseline.writes, 2)} | ${round(c.ours.frames, 2)} | ${round(c.baseline.frames, 2)} |`,
      );
    }
  }
  const delivery = records.filter((r) => r.scenario === "request-delivery");
  if (delivery.length > 0) {
    lines.push("", `Request delivery, generated stack at ${delivery[0]?.concurrency} in flight:`, "", "| requests | RPC/s | p50 ms | p99 ms | process µs/RPC | broker µs/RPC |", "|---|---|---|---|---|---|");
    for (const r of delivery) lines.push(`| ${String(r["variant"])} | ${round(r.rps, 0)} | ${round(r.p50_ms, 2)} | ${round(r.p99_ms, 2)} | ${round(num(r["self_us"]), 1)} | ${round(num(r["broker_us"]), 1)} |`);
  }
  const pieces = records.filter((r) => r.scenario === "per-call");
  if (pieces.length > 0) {
    lines.push("", "Pieces of a call, in this process without I/O (median ns per operation):", "", "| piece | ns |", "|---|---|");
    for (const r of pieces) lines.push(`| ${String(r["piece"])} | ${round(num(r["ns"]), 0)} |`);
  }
  const scale = records.filter((r) => r.scenario === "scale-out");
  if (scale.length > 0) {
    lines.push("", `Scale-out, ${String(scale[0]?.["clients"])} client processes with ${Number(scale[0]?.concurrency) / Number(scale[0]?.["clients"])} calls in flight each:`, "", "| server processes | RPC/s | p99 ms | broker CPU (cores) |", "|---|---|---|---|");
    for (const r of scale) lines.push(`| ${String(r["servers"])} | ${round(r.rps, 0)} | ${round(r.p99_ms, 2)} | ${round(num(r["broker_cores"]), 2)} |`);
  }
  const g = records.find((r) => r.scenario === "generator");
  if (g !== undefined) {
    lines.push("", `Generator, ${g["files"]} proto files (${g["files"]} services, ${Number(g["files"]) * 3} events): ts-proto alone ${round(Number(g["ts_proto_ms"]), 0)} ms, this plugin alone ${round(Number(g["ours_ms"]), 0)} ms (ratio ${round(g.ratio, 2)}), both in one buf run ${round(Number(g["both_ms"]), 0)} ms.`);
  }
  const m = records.find((r) => r.scenario === "memory");
  if (m !== undefined) {
    lines.push("", `Memory: heap ${round(Number(m["heap_start_mib"]), 1)} MiB after warm-up, ${round(Number(m["heap_end_mib"]), 1)} MiB after ${m["calls"]} more calls (client and server in one process, after GC).`);
  }
  return `${lines.join("\n")}\n`;
}

/** Per call; null where a stack has none (the memory bus has no broker and no socket). */
interface Cost {
  readonly self_us: number | null;
  readonly broker_us: number | null;
  readonly writes: number | null;
  readonly frames: number | null;
}

const num = (v: unknown) => (typeof v === "number" ? v : null);

/** RPC/s and the broker's CPU share against the number of server processes. */
function scaleChart(scale: readonly ResultRecord[]): string {
  const width = 360;
  const height = 240;
  const pad = { left: 56, right: 56, top: 28, bottom: 40 };
  const n = scale.length;
  const x = (i: number) => pad.left + (n === 1 ? 0.5 : i / (n - 1)) * (width - pad.left - pad.right);
  const rps = scale.map((r) => Number(r.rps));
  const cores = scale.map((r) => Number(r["broker_cores"]));
  const maxRps = niceCeil(Math.max(...rps) || 1);
  const y = (v: number, max: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const line = (values: number[], max: number, colour: string, dash: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash} points="${values.map((v, i) => `${x(i).toFixed(1)},${y(v, max).toFixed(1)}`).join(" ")}"/>` +
    values.map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v, max).toFixed(1)}" r="3" fill="${colour}"/>`).join("");
  const left = [0, 0.5, 1].map((f) => `<text x="${pad.left - 6}" y="${y(maxRps * f, maxRps).toFixed(1)}" text-anchor="end" dominant-baseline="middle">${(maxRps * f).toFixed(0)}</text>`).join("");
  const right = [0, 1, 2].map((c) => `<text x="${width - pad.right + 6}" y="${y(c, 2).toFixed(1)}" dominant-baseline="middle">${c}</text>`).join("");
  const xTicks = scale.map((r, i) => `<text x="${x(i).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${String(r["servers"])}</text>`).join("");
  return `<g><text x="${width / 2}" y="16" text-anchor="middle" font-weight="bold">Scale-out: RPC/s and broker CPU</text>` +
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>${left}${right}${xTicks}` +
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle">server processes</text>` +
    line(rps, maxRps, "#1f6feb", "") + line(cores, 2, "#d1242f", 'stroke-dasharray="5 4"') +
    `<text x="${pad.left}" y="${height + 14}" fill="#1f6feb">RPC/s (left)</text><text x="${width - pad.right}" y="${height + 14}" text-anchor="end" fill="#d1242f">broker cores (right)</text></g>`;
}

/** Two panels, RPC/s and p99 against concurrency (log scale), ours and the raw baseline. */
function chart(rpc: readonly ResultRecord[], scale: readonly ResultRecord[]): string {
  const width = 360;
  const height = 240;
  const pad = { left: 56, right: 16, top: 28, bottom: 40 };
  const xs = rpc.map((r) => Math.log2(r.concurrency ?? 1));
  const x = (v: number) => pad.left + ((v - Math.min(...xs)) / (Math.max(...xs) - Math.min(...xs) || 1)) * (width - pad.left - pad.right);
  const panel = (offset: number, title: string, ours: number[], base: number[], unit: string) => {
    const max = niceCeil(Math.max(...ours, ...base) || 1);
    const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
    const line = (values: number[], colour: string, dash: string) =>
      `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash} points="${values.map((v, i) => `${x(xs[i] ?? 0).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}"/>` +
      values.map((v, i) => `<circle cx="${x(xs[i] ?? 0).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`).join("");
    const ticks = [0, 0.5, 1].map((f) => `<text x="${pad.left - 6}" y="${y(max * f).toFixed(1)}" text-anchor="end" dominant-baseline="middle">${(max * f).toFixed(max < 10 ? 1 : 0)}</text>`).join("");
    const xTicks = rpc.map((r, i) => `<text x="${x(xs[i] ?? 0).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${r.concurrency}</text>`).join("");
    return `<g transform="translate(${offset},0)"><text x="${width / 2}" y="16" text-anchor="middle" font-weight="bold">${title}</text>` +
      `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>` +
      `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#888"/>${ticks}${xTicks}` +
      `<text x="${width / 2}" y="${height - 6}" text-anchor="middle">concurrency (${unit})</text>` +
      line(base, "#999", 'stroke-dasharray="5 4"') + line(ours, "#1f6feb", "") + `</g>`;
  };
  const ours = (k: "rps" | "p99_ms") => rpc.map((r) => Number(r[k]));
  const base = (k: "baseline_rps" | "baseline_p99_ms") => rpc.map((r) => Number(r[k]));
  const panels = scale.length > 0 ? 3 : 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * panels}" height="${height + 24}" font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    panel(0, "RPC/s", ours("rps"), base("baseline_rps"), "calls in flight") +
    panel(width, "p99 latency, ms", ours("p99_ms"), base("baseline_p99_ms"), "calls in flight") +
    `<g transform="translate(${pad.left},${height + 14})"><line x1="0" y1="0" x2="24" y2="0" stroke="#1f6feb" stroke-width="2"/><text x="30" y="4">generated client and server</text>` +
    `<line x1="220" y1="0" x2="244" y2="0" stroke="#999" stroke-width="2" stroke-dasharray="5 4"/><text x="250" y="4">raw amqplib baseline</text></g>` +
    (scale.length > 0 ? `<g transform="translate(${width * 2},0)">${scaleChart(scale)}</g>` : "") +
    `</svg>\n`;
}
