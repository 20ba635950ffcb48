/**
 * A subcommand of `koinos-mq`. The dispatcher (command-table.ts) knows each
 * by name; a command parses its own arguments, answers its own `--help`, and
 * resolves with the process's exit code (see exit-codes.ts).
 */
export interface Command {
  /** One line for the command list of `koinos-mq --help`. */
  readonly summary: string;
  /** Runs the command on the arguments after its name; resolves with the exit code. */
  run(argv: readonly string[]): Promise<number>;
}
