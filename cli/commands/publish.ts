import { parseArgs } from "node:util";
import type { DescMessage } from "@bufbuild/protobuf";
import type { Bus } from "../../runtime/bus.js";
import { topicProblem } from "../../runtime/events/topic-pattern.js";
import { koinosJsonToBinary } from "../../runtime/json/koinos-json.js";
import { KoinosJsonError } from "../../runtime/json/koinos-json-error.js";
import { topicSchemaOf, type SchemaSet } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { reportError, usageError } from "../cli-error.js";
import { callOptions, defaultTimeoutMs, parseDuration, parseHeaders } from "../call-options.js";
import { brokerUrl, connectionOptions, connectionRow, openBus } from "../connection.js";
import { ExitCode } from "../exit-codes.js";
import { jsonInputRow, jsonInputs } from "../json-input.js";
import { parseCommandLine, positionalsBetween } from "../parse-command-line.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";

const usage = "koinos-mq publish <topic> <json | @file | @-> [--confirm] [options]";

const help = `Usage: ${usage}

Publishes an event on the exchange koinos.event under <topic>, as the Koinos
services publish (persistent, application/octet-stream). The message is
Koinos JSON of the topic's message type in the schema (koinos.block.accept
is a koinos.broadcast.block_accepted, koinos.event.<contract>.<name> an
event_parcel); --type names the type for a topic the schema does not know.
Each JSON object of the input is one event. Nothing is printed on success.

Arguments:
${helpRows([["<topic>", "a concrete topic, without wildcards"], jsonInputRow])}

Options:
${helpRows([
  ["--confirm", "wait until the broker confirms it took each event"],
  ["--type <message>", "the message type by full name, for a topic the schema does not know (koinos.broadcast.block_irreversible)"],
  ["-t, --timeout <time>", "how long a publish (and its confirm) may take (default 5s)"],
  ["-H, --header <k=v>", "an AMQP header sent with the event (repeatable)"],
  schemaRow,
  connectionRow,
  helpRow,
])}

Examples:
  koinos-mq publish koinos.block.irreversible '{"topology":{"height":"42"}}' --confirm
  koinos-mq publish koinos.gossip.status '{"enabled":true}' --schema koinos_descriptors.pb
  koinos-mq tail koinos.block.accept --count 10 | jq -c .message > blocks.jsonl
  koinos-mq publish koinos.block.accept @blocks.jsonl --confirm`;

const options = { ...schemaOptions, ...connectionOptions, ...callOptions, confirm: { type: "boolean" }, type: { type: "string" } } as const;

export const publish: Command = {
  summary: "publish an event from Koinos JSON (--confirm)",
  run: (argv) =>
    runCommand("publish", help, argv, async () => {
      const { values, positionals } = parseCommandLine("publish", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const [topic, input] = positionalsBetween(positionals, 2, 2, usage) as [string, string];
      const problem = topicProblem(topic);
      if (problem !== undefined) throw usageError(`topic ${JSON.stringify(topic)}: ${problem}`);
      const timeoutMs = values.timeout === undefined ? defaultTimeoutMs : parseDuration(values.timeout, "--timeout");
      const headers = parseHeaders(values.header);
      const url = brokerUrl(values.amqp);
      const schema = loadSchema(values.schema);
      const message = messageOf(schema, topic, values.type);
      const confirm = values.confirm === true;
      let bus: Bus | undefined;
      let exitCode: number = ExitCode.ok;
      try {
        for await (const event of jsonInputs(input)) {
          let bytes: Uint8Array;
          try {
            bytes = koinosJsonToBinary(message, event.value, { registry: schema.registry });
          } catch (error) {
            if (!(error instanceof KoinosJsonError)) throw error;
            exitCode ||= reportError(usageError(`${event.where}: not a ${message.typeName}: ${error.message}; \`koinos-mq describe ${topic} --template\` shows one`), "publish");
            continue;
          }
          bus ??= await openBus(url, "publish", { reconnect: false });
          try {
            await bus.publishRaw(topic, bytes, { confirm, timeoutMs, headers });
          } catch (error) {
            const code = reportError(error, "publish");
            exitCode ||= code;
            if (code === ExitCode.connection) break;
          }
        }
      } finally {
        await bus?.close();
      }
      return exitCode;
    }),
};

/** The message type of `topic`: `--type`, else the schema's topic it falls under. */
function messageOf(schema: SchemaSet, topic: string, typeName: string | undefined): DescMessage {
  if (typeName !== undefined) {
    const type = schema.registry.get(typeName);
    if (type === undefined) throw usageError(`--type ${typeName}: the schema has no such message (give its full name, package included)`);
    return type.desc;
  }
  const known = topicSchemaOf(schema.topics, topic);
  if (known === undefined) {
    throw usageError(`the schema knows no message for topic ${topic}; \`koinos-mq list\` shows its topics, or name the message with --type <full name>`);
  }
  return known.message;
}
