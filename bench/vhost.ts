import { execFileSync } from "node:child_process";

const base = process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";

/** A fresh vhost for one benchmark scenario, so queues of one cannot slow the next; returns its URL. */
export function freshVhost(name: string): { url: string; remove: () => void } {
  const vhost = `kmq-bench-${name}-${process.pid}`;
  const run = (...args: string[]) => execFileSync("rabbitmqctl", ["--quiet", ...args], { stdio: "ignore" });
  run("add_vhost", vhost);
  run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  const url = new URL(base);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), remove: () => run("delete_vhost", vhost) };
}
