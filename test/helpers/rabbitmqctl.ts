import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs `rabbitmqctl` on this machine's broker and returns its stdout. */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run("rabbitmqctl", ["--quiet", ...args], { timeout: 60_000 });
  return stdout;
}

/** Rows of a `rabbitmqctl list_*` command with `--no-table-headers`, split on tabs. */
export async function listRows(command: string, vhost: string, columns: string[]): Promise<string[][]> {
  const out = await rabbitmqctl(command, "-p", vhost, "--no-table-headers", ...columns);
  return out
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.split("\t"));
}
