import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { connect } from "amqplib";
import type { TestProject } from "vitest/node";
import { testVhostPrefix } from "../helpers/vhost.js";

const run = promisify(execFile);
const defaultUrl = "amqp://guest:guest@127.0.0.1:5672";

declare module "vitest" {
  export interface ProvidedContext {
    /** The broker the integration tests use (AMQP_URL, or the local default). */
    amqpUrl: string;
  }
}

/**
 * Global setup: make sure a RabbitMQ broker answers at AMQP_URL, starting the
 * local one if it is installed but down, and say what to install otherwise.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env["AMQP_URL"] ?? defaultUrl;
  if (!(await answers(url))) {
    if (!installed("rabbitmq-server")) {
      throw new Error(
        `RabbitMQ does not answer at ${redact(url)} and is not installed here.\n` +
          "Install and start it (Debian/Ubuntu):\n" +
          "  sudo apt-get install -y rabbitmq-server\n" +
          "  sudo rabbitmq-server -detached && sudo rabbitmqctl await_startup\n" +
          "or point AMQP_URL at a broker whose rabbitmqctl runs on this machine.",
      );
    }
    console.log(`RabbitMQ does not answer at ${redact(url)}: starting rabbitmq-server`);
    await startLocalBroker();
    if (!(await answers(url))) throw new Error(`RabbitMQ started but does not answer at ${redact(url)}`);
  }
  await removeStaleVhosts();
  project.provide("amqpUrl", url);
}

async function answers(url: string): Promise<boolean> {
  try {
    const connection = await connect(url, { timeout: 3000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

function installed(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** `rabbitmq-server -detached`, then poll await_startup: a single call right after start fails. */
async function startLocalBroker(): Promise<void> {
  await run("rabbitmq-server", ["-detached"]).catch(() => undefined);
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await run("rabbitmqctl", ["await_startup", "--timeout", "30"], { timeout: 40_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`rabbitmq-server did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/**
 * Vhosts left by an interrupted earlier run: those whose test process (the
 * pid ending the name, see useVhost) is gone. Vhosts of runs still going on
 * this machine, in other checkouts too, are left alone.
 */
async function removeStaleVhosts(): Promise<void> {
  const { stdout } = await run("rabbitmqctl", ["--quiet", "list_vhosts", "--no-table-headers", "name"]);
  for (const name of stdout.split("\n").map((l) => l.trim())) {
    if (!name.startsWith(testVhostPrefix)) continue;
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && alive(pid)) continue;
    await run("rabbitmqctl", ["--quiet", "delete_vhost", name]).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password !== "") u.password = "***";
  return u.toString();
}
