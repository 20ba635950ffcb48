import { parseArgs } from "node:util";
import type { Bus } from "../../runtime/bus.js";
import { NoRouteError, RpcError, RpcTimeoutError } from "../../runtime/errors.js";
import { koinosJsonFromBinary, koinosJsonToBinary } from "../../runtime/json/koinos-json.js";
import { KoinosJsonError } from "../../runtime/json/koinos-json-error.js";
import type { MethodSchema, SchemaSet } from "../../runtime/schema/index.js";
import type { Command } from "../command.js";
import { CliError, reportError, usageError } from "../cli-error.js";
import { callOptions, defaultTimeoutMs, parseDuration, parseHeaders } from "../call-options.js";
import { brokerUrl, connectionOptions, connectionRow, openBus } from "../connection.js";
import { ExitCode } from "../exit-codes.js";
import { findMethod } from "../find-method.js";
import { jsonInputRow, jsonInputs } from "../json-input.js";
import { formatJson, LineOutput } from "../output.js";
import { parseCommandLine, positionalsBetween } from "../parse-command-line.js";
import { rpcErrorJson } from "../rpc-error-json.js";
import { runCommand } from "../run-command.js";
import { loadSchema, schemaOptions, schemaRow } from "../schema-option.js";
import { helpRow, helpRows } from "../help-rows.js";

const usage = "koinos-mq call <service.method> [<json> | @file | @-] [options]";

const help = `Usage: ${usage}

Calls a method of a Koinos service on the bus, as the Go and C++ services
call each other (request to the exchange koinos.rpc under the service's
routing key, reply on a queue of this connection). The request is Koinos
JSON (omitted: the empty request {}); the response is printed as Koinos
JSON on stdout, one line per call.

Arguments:
${helpRows([["<service.method>", "chain.get_head_info, or koinos.rpc.chain.get_head_info"], jsonInputRow])}

Options:
${helpRows([
  ["-t, --timeout <time>", "how long to wait for each answer: 2000 (ms), 500ms, 2s, 1m (default 5s)"],
  ["-H, --header <k=v>", "an AMQP header sent with the request (repeatable)"],
  ["--pretty", "indent the response (default: one compact line)"],
  schemaRow,
  connectionRow,
  helpRow,
])}

A service error reply is printed on stderr as Koinos JSON of its
error_status ({"message": ..., "data": ...}), exit 1. With several requests
each is answered in order; a failed one is reported on stderr and the rest
go on (they stop at a missing service or a lost connection), and the exit
code is that of the first failure.

Examples:
  koinos-mq call chain.get_head_info --schema koinos_descriptors.pb
  koinos-mq call chain.get_account_rc '{"account":"1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2"}'
  koinos-mq call block_store.get_blocks_by_height @request.json --pretty
  printf '%s\\n' '{"account":"1A..."}' '{"account":"1B..."}' | koinos-mq call chain.get_account_nonce @-
  koinos-mq call chain.get_head_info | jq -r .head_topology.height`;

const options = { ...schemaOptions, ...connectionOptions, ...callOptions, pretty: { type: "boolean" } } as const;

export const call: Command = {
  summary: "call a method with Koinos JSON; print the answer as Koinos JSON",
  run: (argv) =>
    runCommand("call", help, argv, async () => {
      const { values, positionals } = parseCommandLine("call", () => parseArgs({ args: [...argv], options, allowPositionals: true }));
      const [name, input] = positionalsBetween(positionals, 1, 2, usage) as [string, string | undefined];
      const timeoutMs = values.timeout === undefined ? defaultTimeoutMs : parseDuration(values.timeout, "--timeout");
      const headers = parseHeaders(values.header);
      const url = brokerUrl(values.amqp);
      const schema = loadSchema(values.schema);
      const method = findMethod(schema, name);
      const output = new LineOutput();
      let bus: Bus | undefined;
      let exitCode: number = ExitCode.ok;
      try {
        for await (const request of jsonInputs(input, {})) {
          let bytes: Uint8Array;
          try {
            bytes = koinosJsonToBinary(method.request, request.value, { registry: schema.registry });
          } catch (error) {
            if (!(error instanceof KoinosJsonError)) throw error;
            exitCode ||= reportError(usageError(`${request.where}: not a request of ${method.request.typeName}: ${error.message}; \`koinos-mq describe ${name} --template\` shows one`), "call");
            continue;
          }
          bus ??= await openBus(url, "call", { reconnect: false });
          try {
            const response = await bus.call(method.raw, bytes, { timeoutMs, headers });
            await output.line(formatJson(koinosJsonFromBinary(method.response, response, { registry: schema.registry }), values.pretty === true));
          } catch (error) {
            const code = reportCallError(error, method, schema, timeoutMs);
            exitCode ||= code;
            if (code === ExitCode.noService || code === ExitCode.connection) break;
          }
        }
      } finally {
        await bus?.close();
      }
      return exitCode;
    }),
};

/** Reports a failed call on stderr (a service error reply as JSON); returns its exit code. */
function reportCallError(error: unknown, method: MethodSchema, schema: SchemaSet, timeoutMs: number): number {
  const service = method.service;
  if (error instanceof RpcError) {
    process.stderr.write(`${JSON.stringify(rpcErrorJson(error, service, schema.registry))}\n`);
    return ExitCode.serviceError;
  }
  if (error instanceof NoRouteError) {
    return reportError(
      new CliError(`no queue is bound to koinos.rpc under ${service.routingKey}: is the ${service.name} service running on this broker? (\`koinos-mq status\` lists the service queues)`, ExitCode.noService),
      "call",
    );
  }
  if (error instanceof RpcTimeoutError) {
    return reportError(
      new CliError(
        `${service.name}.${method.name}: no answer within ${timeoutMs} ms; the queue ${service.routingKey} exists, but is a ${service.name} service consuming it (\`koinos-mq status\`)? A slow call needs a longer --timeout`,
        ExitCode.timeout,
      ),
      "call",
    );
  }
  if (error instanceof KoinosJsonError) {
    return reportError(new CliError(`${service.name}.${method.name}: the answer is not a valid ${method.response.typeName}: ${error.message}`, ExitCode.serviceError), "call");
  }
  return reportError(error, "call");
}
