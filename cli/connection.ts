import { hostname } from "node:os";
import type { Bus } from "../runtime/bus.js";
import { connect } from "../runtime/connect.js";
import { ConnectionLostError } from "../runtime/errors.js";
import { redactUrl } from "../runtime/redact.js";
import { CliError, usageError } from "./cli-error.js";
import { ExitCode } from "./exit-codes.js";
import type { HelpRow } from "./help-rows.js";

/** The `--amqp` option of the commands that reach the broker. */
export const connectionOptions = { amqp: { type: "string" } } as const;

export const defaultAmqpUrl = "amqp://guest:guest@127.0.0.1:5672";

/** Help row of `--amqp`. */
export const connectionRow: HelpRow = [
  "--amqp <url>",
  `the broker (default: AMQP_URL, else ${defaultAmqpUrl}); amqps:// for TLS; the vhost is the path (amqp://host/koinos)`,
];

/** What to check when the broker cannot be reached. */
export const connectionHint = "is RabbitMQ running there, and do its user, password and vhost exist? Give its URL with --amqp or AMQP_URL";

/** The broker URL: `--amqp`, else AMQP_URL, else the local default; refused unless amqp:// or amqps://. */
export function brokerUrl(flag: string | undefined): string {
  const env = process.env["AMQP_URL"];
  const url = flag ?? (env === undefined || env === "" ? defaultAmqpUrl : env);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw usageError(`the broker URL (${flag === undefined ? "AMQP_URL" : "--amqp"}) is not a URL; give it as amqp://user:password@host:5672/vhost`);
  }
  if (protocol !== "amqp:" && protocol !== "amqps:") throw usageError(`${redactUrl(url)}: the broker URL must start with amqp:// or amqps://`);
  return url;
}

/**
 * Connects to the broker with one attempt: a CLI says at once that it
 * cannot reach it (exit 3) rather than retrying. With `reconnect` (tail) a
 * connection lost later is restored in the background; without it, what
 * was under way fails at once.
 */
export async function openBus(url: string, command: string, options: { readonly reconnect: boolean }): Promise<Bus> {
  try {
    return await connect({
      url,
      name: `koinos-mq ${command} ${hostname()} ${process.pid}`,
      reconnect: options.reconnect ? { initialAttempts: 1 } : { initialAttempts: 1, maxAttempts: 0 },
    });
  } catch (error) {
    if (!(error instanceof ConnectionLostError)) throw error;
    throw new CliError(`${error.message}; ${connectionHint}`, ExitCode.connection, { cause: error });
  }
}
