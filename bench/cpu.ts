import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import { dirname, join } from "node:path";

/**
 * What one measured section cost: CPU of this process and of the broker
 * (from /proc, so both stacks and the broker are read the same way), socket
 * writes and AMQP frames this process sent.
 */
export interface Cost {
  readonly wallMs: number;
  readonly selfCpuMs: number;
  /** NaN when the broker's process cannot be read (a remote broker). */
  readonly brokerCpuMs: number;
  readonly writes: number;
  readonly frames: number;
}

/** Clock ticks per second of /proc's CPU times. */
const ticks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The broker's OS process: its Erlang VM's pid, asked of it. */
function findBrokerPid(): number | undefined {
  try {
    const out = execFileSync("rabbitmqctl", ["--quiet", "eval", "os:getpid()."], { encoding: "utf8" });
    const pid = Number(/"(\d+)"/.exec(out)?.[1]);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
const brokerPid = findBrokerPid();

/** User + system CPU of a process in ms, from /proc/<pid>/stat (fields 14 and 15). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.substring(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000;
  } catch {
    return Number.NaN;
  }
}

export function brokerCpuMs(): number {
  return processCpuMs(brokerPid);
}

function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Counts every socket write (`_write` or `_writev`, one syscall each as Node hands them to libuv) and AMQP frame this process sends. */
const counts = { writes: 0, frames: 0 };
let counting = false;

/** Starts counting writes and frames; idempotent. Wraps Node's socket and amqplib's frame writers for this process only. */
export function countIo(): void {
  if (counting) return;
  counting = true;
  const proto = Socket.prototype as unknown as Record<"_write" | "_writev", (...a: unknown[]) => unknown>;
  for (const name of ["_write", "_writev"] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...a: unknown[]) {
      counts.writes++;
      return original.apply(this, a);
    };
  }
  const require = createRequire(import.meta.url);
  const { Connection } = require(join(dirname(require.resolve("amqplib")), "lib/connection.js")) as {
    Connection: { prototype: Record<"sendMethod" | "sendMessage", (...a: unknown[]) => unknown> };
  };
  const sendMethod = Connection.prototype.sendMethod;
  const sendMessage = Connection.prototype.sendMessage;
  Connection.prototype.sendMethod = function (this: unknown, ...a: unknown[]) {
    counts.frames++;
    return sendMethod.apply(this, a);
  };
  // A small message is a method, a header and one body frame.
  Connection.prototype.sendMessage = function (this: unknown, ...a: unknown[]) {
    counts.frames += 3;
    return sendMessage.apply(this, a);
  };
}

/** Starts measuring; the returned function stops and gives the cost since. */
export function measureCost(): () => Cost {
  const wall = performance.now();
  const self = selfCpuMs();
  const broker = brokerCpuMs();
  const { writes, frames } = counts;
  return () => ({
    wallMs: performance.now() - wall,
    selfCpuMs: selfCpuMs() - self,
    brokerCpuMs: brokerCpuMs() - broker,
    writes: counts.writes - writes,
    frames: counts.frames - frames,
  });
}

/** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait are fields 4 and 5.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Waits until the whole machine has been quiet (under `maxBusy` of its CPU)
 * for a second, at most `timeoutMs`: right after a test run the broker is
 * still deleting vhosts and collecting garbage, and the first scenario
 * measured would pay for it. Returns the busy share of the last second.
 */
export async function waitForQuietMachine(maxBusy = 0.1, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const before = machineJiffies();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = machineJiffies();
    const busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    if (busy < maxBusy || Date.now() >= until) return busy;
  }
}
