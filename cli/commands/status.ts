import { parseArgs } from "node:util";
import type { ServiceSchema } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { usageError } from "../cli-error.js";
import { brokerUrl, connectionOptions, connectionRow, openBus } from "../connection.js";
import { columns } from "../output.js";
import { parseCommandLine } from "../parse-command-line.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";
import type { QueueStatus } from "../../runtime/bus.js";

const usage = "koinos-mq status [<service>...] [--json] [options]";

const help = `Usage: ${usage}

Shows, for every service of the schema (or those named), whether its queue
koinos.rpc.<service> exists on the broker, how many consumers (running
service instances) it has and how many requests wait in it. It asks the
broker with AMQP passive declarations: no management plugin is needed and
nothing is created. A service without a queue has never started on this
broker (calls to it exit 5); one with a queue and 0 consumers is down
(calls to it time out, exit 4).

Options:
${helpRows([
  ["--json", 'one JSON line per service instead of the table: {"service","queue","present","consumers","messages"}'],
  schemaRow,
  connectionRow,
  helpRow,
])}

Examples:
  koinos-mq status --schema koinos_descriptors.pb
  koinos-mq status chain mempool
  koinos-mq status --json | jq -r 'select(.consumers == 0) | .service'`;

const options = { ...schemaOptions, ...connectionOptions, json: { type: "boolean" } } as const;

export const status: Command = {
  summary: "the service queues on the broker, with their consumers",
  run: (argv) =>
    runCommand("status", help, argv, async () => {
      const { values, positionals } = parseCommandLine("status", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const url = brokerUrl(values.amqp);
      const schema = loadSchema(values.schema);
      const services: ServiceSchema[] =
        positionals.length === 0
          ? [...schema.services].sort((a, b) => a.name.localeCompare(b.name))
          : positionals.map((name) => schema.service(name) ?? unknownService(name));
      const bus = await openBus(url, "status", { reconnect: false });
      const states = new Map<string, QueueStatus | undefined>();
      try {
        for (const s of services) states.set(s.routingKey, await bus.queueStatus(s.routingKey));
      } finally {
        await bus.close();
      }
      const rows = services.map((s) => ({ service: s.name, queue: s.routingKey, state: states.get(s.routingKey) }));
      if (values.json === true) {
        for (const r of rows) {
          process.stdout.write(`${JSON.stringify({ service: r.service, queue: r.queue, present: r.state !== undefined, consumers: r.state?.consumers ?? 0, messages: r.state?.messages ?? 0 })}\n`);
        }
      } else {
        const table = rows.map((r) => [r.service, r.queue, r.state === undefined ? "no queue" : String(r.state.consumers), r.state === undefined ? "" : String(r.state.messages)]);
        process.stdout.write(`${columns([["service", "queue", "consumers", "messages"], ...table])}\n`);
      }
      return 0;
    }),
};

function unknownService(name: string): never {
  throw usageError(`the schema has no service ${JSON.stringify(name)}; \`koinos-mq list\` shows its services`);
}
