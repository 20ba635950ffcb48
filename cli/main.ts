import { pluginVersion } from "../plugin/version.js";
import { reportError, usageError } from "./cli-error.js";
import type { Command } from "./command.js";
import { commands as defaultCommands } from "./command-table.js";
import { connectionRow } from "./connection.js";
import { exitCodeTable } from "./exit-codes.js";
import { schemaRow } from "./schema-option.js";
import { helpRows } from "./help-rows.js";

/** `koinos-mq --help`: the commands of `table`, the shared options, the exit codes. */
export function mainHelp(table: Readonly<Record<string, Command>> = defaultCommands): string {
  const width = Math.max(...Object.keys(table).map((name) => name.length));
  const lines = Object.entries(table).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `koinos-mq: the Koinos bus (RabbitMQ) from the command line, typed by its schemas

Usage: koinos-mq <command> [arguments] [options]

Commands:
${lines.join("\n")}

Options most commands take:
${helpRows([
  schemaRow,
  connectionRow,
  ["-h, --help", "a command's help, with examples (also: koinos-mq help <command>)"],
  ["--version", "the version of koinos-mq"],
])}

${exitCodeTable}

Examples:
  export KOINOS_MQ_SCHEMA=koinos_descriptors.pb AMQP_URL=amqp://guest:guest@127.0.0.1:5672
  koinos-mq list
  koinos-mq describe chain.get_account_rc --template
  koinos-mq call chain.get_head_info --pretty
  koinos-mq tail 'koinos.block.*' | jq .message.block.header.height
  koinos-mq status
`;
}

/** Runs `koinos-mq` on its arguments (after the program name); resolves with the exit code. */
export async function main(argv: readonly string[], table: Readonly<Record<string, Command>> = defaultCommands): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(mainHelp(table));
    return 2;
  }
  if (first === "--help" || first === "-h") {
    process.stdout.write(mainHelp(table));
    return 0;
  }
  if (first === "--version") {
    process.stdout.write(`koinos-mq v${pluginVersion}\n`);
    return 0;
  }
  if (first === "help") {
    const command = rest[0] === undefined ? undefined : lookup(table, rest[0]);
    if (command === undefined) {
      if (rest[0] !== undefined) return reportError(unknownCommand(table, rest[0]));
      process.stdout.write(mainHelp(table));
      return 0;
    }
    return command.run(["--help"]);
  }
  const command = lookup(table, first);
  if (command === undefined) return reportError(unknownCommand(table, first));
  return command.run(rest);
}

function lookup(table: Readonly<Record<string, Command>>, name: string): Command | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

function unknownCommand(table: Readonly<Record<string, Command>>, name: string) {
  const hint = name.startsWith("-") ? "options come after the command" : `the commands are ${Object.keys(table).join(", ")}`;
  return usageError(`unknown command ${JSON.stringify(name)}: ${hint}; see koinos-mq --help`);
}
