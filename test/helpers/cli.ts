import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The built `koinos-mq` bin (dist/cli/koinos-mq.js, which `npm test` builds
 * first), run as a process the way a user runs it.
 */
const root = join(import.meta.dirname, "../..");
export const cliBin = join(root, "dist/cli/koinos-mq.js");

export interface CliResult {
  /** The exit code; null if a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Added to the environment (AMQP_URL, KOINOS_MQ_SCHEMA, ...); undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  readonly input?: string;
  readonly cwd?: string;
  /** The program to run the bin: `node` by default. */
  readonly command?: readonly string[];
}

function environment(env: CliOptions["env"]): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** A running koinos-mq: its output so far, and waits on it. */
export class CliProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<CliResult>;
  readonly #waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stdout += chunk;
      this.#notify();
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
      this.#notify();
    });
    this.exited = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status, signal) => {
        this.#notify();
        resolve({ status, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** The complete lines of stdout so far. */
  get lines(): string[] {
    const lines = this.stdout.split("\n");
    lines.pop();
    return lines;
  }

  /** Resolves once `ready()` holds on the output (checked on every chunk); rejects if the process exits first. */
  async until(ready: (p: CliProcess) => boolean, what: string): Promise<void> {
    while (!ready(this)) {
      const exited = this.child.exitCode !== null || this.child.signalCode !== null;
      if (exited) throw new Error(`koinos-mq exited before ${what}:\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      await new Promise<void>((resolve) => this.#waiters.add(resolve));
    }
  }

  #notify(): void {
    for (const waiter of this.#waiters) waiter();
    this.#waiters.clear();
  }
}

/** Starts koinos-mq with `args`; stdin stays open unless `input` is given. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliProcess {
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: run npm run build (npm test does)`);
  const [program = process.execPath, ...pre] = options.command ?? [process.execPath, cliBin];
  const child = spawn(program, [...pre, ...args], { cwd: options.cwd ?? root, env: environment(options.env), stdio: ["pipe", "pipe", "pipe"] });
  if (options.input !== undefined) child.stdin?.end(options.input);
  return new CliProcess(child);
}

/** Runs koinos-mq with `args` to its end (asynchronously: servers in this process keep answering). */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const cli = startCli(args, options);
  if (options.input === undefined) cli.child.stdin?.end();
  return cli.exited;
}

/** `buf build` of this repo's fixture protos into a descriptor set under test-results/cli, once per name. */
export function fixtureDescriptorSet(name: string): string {
  const dir = join(root, "test-results/cli");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, name);
  execFileSync(join(root, "node_modules/.bin/buf"), ["build", join(root, "proto"), "-o", out], { cwd: root, stdio: "pipe" });
  return out;
}
