import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";

/** What the figures were measured on. */
export function environment() {
  let broker = "unknown";
  try {
    broker = `RabbitMQ ${execFileSync("rabbitmqctl", ["--quiet", "version"], { encoding: "utf8" }).trim()}`;
  } catch {
    // rabbitmqctl is not on this machine: the broker may be remote.
  }
  return {
    broker,
    node: process.version,
    machine: `${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    date: new Date().toISOString(),
  };
}
