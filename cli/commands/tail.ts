import { parseArgs } from "node:util";
import type { RawEvent } from "../../runtime/events/subscription.js";
import { patternProblem } from "../../runtime/events/topic-pattern.js";
import { hexEncode } from "../../runtime/json/bytes/hex.js";
import type { JsonObject } from "../../runtime/json/json-value.js";
import { koinosJsonFromBinary } from "../../runtime/json/koinos-json.js";
import { redactUrl } from "../../runtime/redact.js";
import { topicSchemaOf, type SchemaSet } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { CliError, usageError } from "../cli-error.js";
import { brokerUrl, connectionOptions, connectionRow, openBus } from "../connection.js";
import { ExitCode } from "../exit-codes.js";
import { LineOutput } from "../output.js";
import { parseCommandLine, positionalsBetween } from "../parse-command-line.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";

const usage = "koinos-mq tail [<pattern>] [-c <n>] [--raw] [options]";

const help = `Usage: ${usage}

Prints the events published on the exchange koinos.event under topics
that match <pattern> (AMQP wildcards: * one word, # any number of words;
default #, every event), one JSON line per event, written as it arrives:
  {"topic":"koinos.block.accept","time":"<received, ISO 8601>","message":{...}}
The message is Koinos JSON of the topic's message type in the schema. An
event the schema has no type for, or whose bytes do not decode, is printed
as {"topic":...,"time":...,"error":"<why>","bytes":"0x..."}.

The subscription has a queue of its own (server-named, exclusive, deleted
with the connection), as koinos services subscribe. tail says on stderr
when it listens; after a lost connection it reconnects and says so (events
published meanwhile are missed). Ctrl-C, -c, or a reader that goes away
(| head) end it cleanly, exit 0.

Options:
${helpRows([
  ["-c, --count <n>", "stop after n events"],
  ["--raw", 'print each message as its protobuf bytes in hex ("0x..."); needs no schema'],
  schemaRow,
  connectionRow,
  helpRow,
])}

Examples:
  koinos-mq tail 'koinos.block.*' --schema koinos_descriptors.pb
  koinos-mq tail koinos.block.accept -c 1 | jq .message.block.header.height
  koinos-mq tail 'koinos.event.#' | jq -c 'select(.message.name == "koinos.contracts.token.transfer_event")'
  koinos-mq tail --raw -c 10 > events.jsonl`;

const options = { ...schemaOptions, ...connectionOptions, count: { type: "string", short: "c" }, raw: { type: "boolean" } } as const;

export const tail: Command = {
  summary: "print the events of a topic pattern as JSON lines",
  run: (argv) =>
    runCommand("tail", help, argv, async () => {
      const { values, positionals } = parseCommandLine("tail", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const [pattern = "#"] = positionalsBetween(positionals, 0, 1, usage);
      const problem = patternProblem(pattern);
      if (problem !== undefined) throw usageError(`pattern ${JSON.stringify(pattern)}: ${problem}`);
      const count = values.count === undefined ? Infinity : positiveCount(values.count);
      const url = brokerUrl(values.amqp);
      const schema = values.raw === true ? undefined : loadSchema(values.schema);
      return tailEvents(url, pattern, count, schema);
    }),
};

function positiveCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usageError(`--count ${JSON.stringify(text)}: give a whole number of events, 1 or more`);
  return Number(text);
}

async function tailEvents(url: string, pattern: string, count: number, schema: SchemaSet | undefined): Promise<number> {
  const bus = await openBus(url, "tail", { reconnect: true });
  const output = new LineOutput();
  let printed = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for the clean close.
    if (++interrupts > 1) process.exit(signal === "SIGINT" ? 130 : 143);
    stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  void output.gone.then(stop);
  bus.on("disconnected", ({ error }) => process.stderr.write(`koinos-mq tail: connection lost (${error.message}); reconnecting, events published meanwhile are missed\n`));
  bus.on("connected", ({ reconnected }) => {
    if (reconnected) process.stderr.write(`koinos-mq tail: reconnected; listening to ${pattern} again\n`);
  });
  try {
    const subscription = await bus.subscribeRaw(
      pattern,
      async (event) => {
        if (printed >= count || output.isGone) return;
        printed++;
        await output.line(JSON.stringify(eventJson(event, schema)));
        if (printed >= count) stop();
      },
      { concurrency: 1 },
    );
    process.stderr.write(`koinos-mq tail: listening to ${pattern} on ${redactUrl(url)} (Ctrl-C to stop)\n`);
    const lost = subscription.ended.then(
      () => undefined,
      (error: unknown) => {
        throw new CliError(`the subscription ended: ${error instanceof Error ? error.message : String(error)}`, ExitCode.connection, { cause: error });
      },
    );
    await Promise.race([stopped, lost]);
    return ExitCode.ok;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await bus.close();
  }
}

/** One event as tail prints it. */
function eventJson(event: RawEvent, schema: SchemaSet | undefined): JsonObject {
  const time = new Date().toISOString();
  if (schema === undefined) return { topic: event.topic, time, message: hexEncode(event.bytes) };
  const topic = topicSchemaOf(schema.topics, event.topic);
  if (topic === undefined) return { topic: event.topic, time, error: "the schema has no message type for this topic", bytes: hexEncode(event.bytes) };
  try {
    return { topic: event.topic, time, message: koinosJsonFromBinary(topic.message, event.bytes, { registry: schema.registry }) };
  } catch (error) {
    return { topic: event.topic, time, error: `not a valid ${topic.message.typeName}: ${error instanceof Error ? error.message : String(error)}`, bytes: hexEncode(event.bytes) };
  }
}
