import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/** `koinos-mq` help, version and command errors, as a process. */
const names = ["list", "describe", "call", "tail", "publish", "status", "gateway"];
const version = (JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version;

describe("help", () => {
  it("lists every command, the shared options and the exit codes", async () => {
    const run = await runCli(["--help"]);
    expect(run.status).toBe(0);
    for (const name of names) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    for (const option of ["--schema <path>", "--amqp <url>", "--version"]) expect(run.stdout).toContain(option);
    expect(run.stdout).toContain(
      [
        "Exit codes:",
        "  0  success",
        "  1  the service answered with an error (its error_status as JSON on stderr)",
        "  2  usage: a wrong argument, option, schema or input",
        "  3  no connection to the broker (or it was lost)",
        "  4  timeout: no answer in time",
        "  5  no such service: no queue is bound to koinos.rpc for it",
      ].join("\n"),
    );
  });

  it("gives every command a help with its usage, options and examples, also as `help <command>` and before other arguments", async () => {
    const helps = await Promise.all(names.map((name) => runCli([name, "--help"])));
    for (const [i, name] of names.entries()) {
      const help = helps[i];
      expect(help?.status, name).toBe(0);
      expect(help?.stdout).toMatch(new RegExp(`^Usage: koinos-mq ${name}`));
      expect(help?.stdout).toContain("\nOptions:\n");
      expect(help?.stdout).toMatch(/\nExamples:\n( {2}.*koinos-mq .*\n)+$/);
      for (const line of help?.stdout.split("\n").filter((l) => !l.includes("koinos-mq ")) ?? []) {
        expect(line.length, `${name}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
    const [viaHelp, short] = await Promise.all([runCli(["help", "call"]), runCli(["call", "chain.x", "-h", "--bogus"])]);
    const callHelp = helps[names.indexOf("call")]?.stdout;
    expect(viaHelp.stdout).toBe(callHelp);
    expect(short.stdout).toBe(callHelp);
  });

  it("prints its version", async () => {
    const run = await runCli(["--version"]);
    expect(run.stdout).toBe(`koinos-mq v${version}\n`);
  });
});

describe("command errors", () => {
  it("exits 2 with the help on stderr without a command, and names the commands for an unknown one", async () => {
    const [none, unknown, option] = await Promise.all([runCli([]), runCli(["cal"]), runCli(["--amqp", "x", "list"])]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/^koinos-mq: the Koinos bus/);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('koinos-mq: unknown command "cal": the commands are list, describe, call, tail, publish, status, gateway; see koinos-mq --help (exit 2)\n');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("options come after the command");
  });
});
