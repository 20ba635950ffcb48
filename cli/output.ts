import { once } from "node:events";
import type { JsonValue } from "../runtime/json/json-value.js";

/**
 * Lines to stdout, each written at once (so a pipe into jq sees every line
 * as it is made), waiting while the pipe is full, and noticing when the
 * reader went away (EPIPE, as after `| head -1`): then `gone` resolves and
 * further lines are dropped.
 */
export class LineOutput {
  #gone = false;
  readonly gone: Promise<void>;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    this.gone = new Promise((resolve) => {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") process.stderr.write(`koinos-mq: cannot write to stdout: ${error.message}\n`);
        this.#gone = true;
        resolve();
      });
    });
  }

  get isGone(): boolean {
    return this.#gone;
  }

  /** Writes `text` and a newline; resolves once the stream can take more. */
  async line(text: string): Promise<void> {
    if (this.#gone) return;
    if (!this.stream.write(`${text}\n`)) await Promise.race([once(this.stream, "drain").catch(() => undefined), this.gone]);
  }
}

/** JSON as the CLI prints it: compact on one line, or indented by two spaces with `--pretty`. */
export function formatJson(value: JsonValue, pretty: boolean): string {
  return pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/** Rows as columns separated by two spaces (the last column is not padded). */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd()).join("\n");
}
