import { reportError } from "./cli-error.js";

/**
 * Runs a command's body: prints `help` for `-h`/`--help` (before `--`)
 * instead, and turns what it throws into a message on stderr and the exit
 * code it means.
 */
export async function runCommand(name: string, help: string, argv: readonly string[], body: () => Promise<number>): Promise<number> {
  const end = argv.indexOf("--");
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.includes("--help") || flags.includes("-h")) {
    process.stdout.write(help.endsWith("\n") ? help : `${help}\n`);
    return 0;
  }
  try {
    return await body();
  } catch (error) {
    return reportError(error, name);
  }
}
