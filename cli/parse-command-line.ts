import { usageError } from "./cli-error.js";

/**
 * Runs a `node:util` parseArgs call, turning its refusals (an unknown
 * option, a missing value) into usage errors that point at the help.
 */
export function parseCommandLine<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw usageError(`${message.replace(/\.$/, "")}; see \`koinos-mq ${command} --help\``, { cause: error });
  }
}

/** The positional arguments, refused when there are fewer than `min` or more than `max`. */
export function positionalsBetween(positionals: readonly string[], min: number, max: number, usage: string): string[] {
  if (positionals.length < min) throw usageError(`missing arguments; usage: ${usage}`);
  if (positionals.length > max) throw usageError(`unexpected argument ${JSON.stringify(positionals[max])}; usage: ${usage} (quote JSON arguments for the shell)`);
  return [...positionals];
}
