import { parseArgs } from "node:util";
import type { DescMessage } from "@bufbuild/protobuf";
import { topicSchemaOf, type MethodSchema, type SchemaSet, type ServiceSchema, type TopicSchema } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { usageError } from "../cli-error.js";
import { unknownMethodError } from "../find-method.js";
import { jsonTemplate } from "../describe/json-template.js";
import { messageShapes } from "../describe/message-shapes.js";
import { columns, formatJson } from "../output.js";
import { parseCommandLine, positionalsBetween } from "../parse-command-line.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";

const usage = "koinos-mq describe <service | service.method | topic | message> [--template] --schema <path>";

const help = `Usage: ${usage}

Shows what the schema says about a name:
  a service (chain)             its queue, envelopes and methods
  a method (chain.get_head_info, or koinos.rpc.chain.get_head_info)
                                its request and response messages
  a topic (koinos.block.accept, koinos.event.<contract>.<name>)
                                its message
  a message (koinos.protocol.block)
                                its fields
Messages are shown in proto syntax with full type names, the (koinos.btype)
of bytes fields and how Koinos JSON writes 64-bit integers and bytes,
followed by the messages and enums they use.

Options:
${helpRows([
  ["--template", "print a skeleton in Koinos JSON of the request (of a method), the event (of a topic) or the message, to fill in for call or publish"],
  ["--pretty", "indent the template (default: one line)"],
  schemaRow,
  helpRow,
])}

Examples:
  koinos-mq describe chain --schema koinos_descriptors.pb
  koinos-mq describe chain.get_account_rc
  koinos-mq describe koinos.block.accept
  koinos-mq describe chain.submit_transaction --template --pretty > tx.json`;

const options = { ...schemaOptions, template: { type: "boolean" }, pretty: { type: "boolean" } } as const;

export const describe: Command = {
  summary: "a service, method, topic or message (--template: a JSON skeleton)",
  run: (argv) =>
    runCommand("describe", help, argv, async () => {
      const { values, positionals } = parseCommandLine("describe", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const [name] = positionalsBetween(positionals, 1, 1, usage) as [string];
      const schema = loadSchema(values.schema);
      const target = resolve(schema, name);
      if (values.template === true) {
        if (target.kind === "service") throw usageError(`${name} is a service: a template is for one of its methods, e.g. ${name}.${[...target.service.methods.keys()][0] ?? "<method>"}`);
        const message = target.kind === "method" ? target.method.request : target.kind === "topic" ? target.topic.message : target.message;
        process.stdout.write(`${formatJson(jsonTemplate(message), values.pretty === true)}\n`);
      } else {
        process.stdout.write(`${describeTarget(target)}\n`);
      }
      return 0;
    }),
};

type Target =
  | { readonly kind: "service"; readonly service: ServiceSchema }
  | { readonly kind: "method"; readonly method: MethodSchema }
  | { readonly kind: "topic"; readonly topic: TopicSchema }
  | { readonly kind: "message"; readonly message: DescMessage };

/** What `name` means: a method, a service, a topic (as declared or concrete), or a message type, in that order. */
function resolve(schema: SchemaSet, name: string): Target {
  const method = schema.method(name);
  if (method !== undefined) return { kind: "method", method };
  const service = schema.service(name);
  if (service !== undefined) return { kind: "service", service };
  const topic = schema.topics.find((t) => t.topic === name) ?? topicSchemaOf(schema.topics, name);
  if (topic !== undefined) return { kind: "topic", topic };
  const message = schema.registry.get(name);
  if (message !== undefined) return { kind: "message", message: message.desc };
  const unknownMethod = unknownMethodError(schema, name);
  if (unknownMethod !== undefined) throw unknownMethod;
  throw usageError(`the schema has no service, method, topic or message named ${JSON.stringify(name)}; \`koinos-mq list\` shows the services and topics`);
}

function describeTarget(target: Target): string {
  switch (target.kind) {
    case "service": {
      const s = target.service;
      const methods = [...s.methods.values()].map((m) => [`  ${m.name}`, m.request.typeName, "->", m.response.typeName]);
      return [
        `service ${s.name}`,
        `  queue ${s.routingKey} (bound to exchange koinos.rpc under its name)`,
        `  envelopes ${s.requestEnvelope.typeName} -> ${s.responseEnvelope.typeName}`,
        "",
        "methods:",
        columns(methods),
      ].join("\n");
    }
    case "method": {
      const m = target.method;
      return [
        `method ${m.service.name}.${m.name}`,
        `  queue ${m.service.routingKey}, member ${m.name} of ${m.service.requestEnvelope.typeName}`,
        `  request  ${m.request.typeName}`,
        `  response ${m.response.typeName}`,
        "",
        messageShapes([m.request, m.response]),
      ].join("\n");
    }
    case "topic": {
      const t = target.topic;
      const pattern = t.params.length === 0 ? [] : [`  binding pattern ${t.key} (parameters: ${t.params.join(", ")})`];
      const doc = t.doc === undefined ? [] : [`  ${t.doc}`];
      return [`topic ${t.topic}`, ...pattern, `  message ${t.message.typeName}`, ...doc, "", messageShapes([t.message])].join("\n");
    }
    case "message":
      return messageShapes([target.message]);
  }
}
