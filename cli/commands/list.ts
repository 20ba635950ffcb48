import { parseArgs } from "node:util";
import type { SchemaSet } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { usageError } from "../cli-error.js";
import { columns } from "../output.js";
import { parseCommandLine, positionalsBetween } from "../parse-command-line.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";

const usage = "koinos-mq list [<service>] --schema <path>";

const help = `Usage: ${usage}

Lists the Koinos services of the schema with their routing keys (each is
the queue koinos.rpc.<service> on the exchange koinos.rpc) and the
broadcast topics with their messages (on the exchange koinos.event). With
a service, lists its methods, one per line, as \`call\` takes them.

Options:
${helpRows([schemaRow, helpRow])}

Examples:
  koinos-mq list --schema koinos_descriptors.pb
  koinos-mq list chain --schema path/to/koinos-proto
  KOINOS_MQ_SCHEMA=koinos.binpb koinos-mq list chain | grep account`;

const options = { ...schemaOptions } as const;

export const list: Command = {
  summary: "the services with their routing keys, and the topics",
  run: (argv) =>
    runCommand("list", help, argv, async () => {
      const { values, positionals } = parseCommandLine("list", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const [service] = positionalsBetween(positionals, 0, 1, usage);
      const schema = loadSchema(values.schema);
      process.stdout.write(`${service === undefined ? listAll(schema) : listMethods(schema, service)}\n`);
      return 0;
    }),
};

function listAll(schema: SchemaSet): string {
  const services = [...schema.services].sort((a, b) => a.name.localeCompare(b.name));
  const topics = [...schema.topics].sort((a, b) => a.topic.localeCompare(b.topic));
  const serviceRows = services.map((s) => [`  ${s.name}`, s.routingKey, `${s.methods.size} method${s.methods.size === 1 ? "" : "s"}`]);
  const topicRows = topics.map((t) => [`  ${t.topic}`, t.message.typeName]);
  return [
    "services (routing key = queue, on exchange koinos.rpc)",
    serviceRows.length === 0 ? "  (none)" : columns(serviceRows),
    "topics (on exchange koinos.event)",
    topicRows.length === 0 ? "  (none)" : columns(topicRows),
  ].join("\n");
}

function listMethods(schema: SchemaSet, name: string): string {
  const service = schema.service(name);
  if (service === undefined) throw usageError(`the schema has no service ${JSON.stringify(name)}; \`koinos-mq list\` shows its services`);
  return [...service.methods.keys()].map((m) => `${service.name}.${m}`).join("\n");
}
