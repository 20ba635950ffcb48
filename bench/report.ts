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

/**
 * Writes latest.json, latest.md and latest.svg into `dir`, and the table into
 * the README's performance section (between its bench markers) after a full
 * run; returns the Markdown table.
 */
export function writeResults(dir: string, results: Results, readme: string): string {
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  writeFileSync(join(dir, "latest.md"), md);
  writeFileSync(join(dir, "latest.svg"), chart(results.records.filter((r) => r.scenario === "rpc")));
  if (results.mode === "full") {
    const text = readFileSync(readme, "utf8");
    const [before, rest] = text.split("<!-- bench -->\n");
    const after = rest?.split("<!-- /bench -->")[1];
    if (before !== undefined && after !== undefined) writeFileSync(readme, `${before}<!-- bench -->\n${md}<!-- /bench -->${after}`);
  }
  return md;
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value`. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

function markdown(results: Results): string {
  const e = results.environment;
  const lines = [
    `Measured ${e["date"]} (${results.mode} run: medians of ${results.records[0]?.["rounds"] ?? 1} rounds, the stacks alternating) with ${e["broker"]}, Node ${e["node"]}, on ${e["machine"]}.`,
    "",
    "| scenario | concurrency | ours /s | p50 ms | p99 ms | baseline /s | p50 ms | p99 ms | ratio |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results.records) {
    if (r.scenario === "generator" || r.scenario === "memory") continue;
    lines.push(
      `| ${r.scenario} | ${r.concurrency ?? "–"} | ${round(r.rps, 0)} | ${round(r.p50_ms, 2)} | ${round(r.p99_ms, 2)} | ${round(r.baseline_rps, 0)} | ${round(r.baseline_p50_ms, 2)} | ${round(r.baseline_p99_ms, 2)} | ${round(r.ratio, 2)} |`,
    );
  }
  const g = results.records.find((r) => r.scenario === "generator");
  if (g !== undefined) {
    lines.push("", `Generator, ${g["files"]} proto files (${g["files"]} services, ${Number(g["files"]) * 3} events): ts-proto alone ${round(Number(g["ts_proto_ms"]), 0)} ms, this plugin alone ${round(Number(g["ours_ms"]), 0)} ms (ratio ${round(g.ratio, 2)}), both in one buf run ${round(Number(g["both_ms"]), 0)} ms.`);
  }
  const m = results.records.find((r) => r.scenario === "memory");
  if (m !== undefined) {
    lines.push("", `Memory: heap ${round(Number(m["heap_start_mib"]), 1)} MiB after warm-up, ${round(Number(m["heap_end_mib"]), 1)} MiB after ${m["calls"]} more calls (client and server in one process, after GC).`);
  }
  return `${lines.join("\n")}\n`;
}

/** Two panels, RPC/s and p99 against concurrency (log scale), ours and the raw baseline. */
function chart(rpc: readonly ResultRecord[]): string {
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
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * 2}" height="${height + 24}" font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    panel(0, "RPC/s", ours("rps"), base("baseline_rps"), "calls in flight") +
    panel(width, "p99 latency, ms", ours("p99_ms"), base("baseline_p99_ms"), "calls in flight") +
    `<g transform="translate(${pad.left},${height + 14})"><line x1="0" y1="0" x2="24" y2="0" stroke="#1f6feb" stroke-width="2"/><text x="30" y="4">generated client and server</text>` +
    `<line x1="220" y1="0" x2="244" y2="0" stroke="#999" stroke-width="2" stroke-dasharray="5 4"/><text x="250" y="4">raw amqplib baseline</text></g></svg>\n`;
}
