import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { connect } from "../../runtime/connect.js";
import { createJsonRpcGateway } from "../../runtime/jsonrpc/gateway.js";
import type { Logger } from "../../runtime/logger.js";
import { redactUrl } from "../../runtime/redact.js";
import { defaultBasedir, descriptorsPath, gatewayDefaults, readConfig, resolveSettings, type GatewaySettings } from "../gateway-config.js";
import { helpRow, helpRows } from "../help-rows.js";
import { parseListen } from "../listen-address.js";

export const gatewayHelp = `Usage: koinos-mq gateway [options]

A JSON-RPC gateway to the Koinos bus, drop-in for koinos-jsonrpc v1.2.0:
same flags, config file, methods, answers, error codes and HTTP statuses
(koilib, wallets and explorers work unchanged), plus opt-in batches,
health, metrics and live events. It serves every Koinos service found in
its descriptor files. It stops cleanly on SIGINT or SIGTERM. A flag wins
over config.yml's jsonrpc: section, which wins over its global: section,
then the default.

Options:
${helpRows([
  ["-d, --basedir <dir>", "Koinos base directory (default ~/.koinos)"],
  ["--config <file>", "the config file (default <basedir>/config.yml)"],
  ["-a, --amqp <url>", `the broker (default ${gatewayDefaults.amqp})`],
  ["-L, --listen <addr>", `a multiaddr or host:port (default ${gatewayDefaults.listen})`],
  ["-e, --endpoint <path>", "the JSON-RPC path (default /, which takes every path)"],
  ["-D, --descriptors <path>", "a FileDescriptorSet file or a directory of them, relative to <basedir>/jsonrpc (default descriptors)"],
  ["-j, --jobs <n>", "requests answered at once; twice as many queue (default 16)"],
  ["-g, --gateway-timeout <s>", "wait for a place in the queue, then HTTP 504 (default 3)"],
  ["-m, --mq-timeout <s>", "timeout of each bus call (default 5; koinos-jsonrpc ignores it and times out after 1 s, this gateway honours it)"],
  ["-w, --whitelist <prefixes>", "only these methods (koinos.rpc.<service>.<method> prefixes, koinos.rpc. optional; repeat or separate with commas)"],
  ["-b, --blacklist <prefixes>", "never these methods (wins over the whitelist)"],
  ["--batch <n>", "beyond koinos-jsonrpc, off unless given: answer JSON-RPC batches of up to n requests"],
  ["--health", "beyond koinos-jsonrpc: GET /health, the broker and each service's consumers"],
  ["--metrics", "beyond koinos-jsonrpc: GET /metrics in Prometheus text format"],
  ["--events", "beyond koinos-jsonrpc: GET /events?topic=<pattern>, koinos.event topics as Server-Sent Events in Koinos JSON"],
  helpRow,
])}

Descriptor files: Koinos's koinos_descriptors.pb, or one made from .proto files
with buf build <proto dir> -o descriptors/koinos.binpb, or with protoc
--include_imports --descriptor_set_out=descriptors/koinos.pb <files>.

Examples:
  koinos-mq gateway -D ./koinos_descriptors.pb -L 0.0.0.0:8080
  koinos-mq gateway --basedir ~/.koinos -b block_store.add_block,chain.propose_block
  koinos-mq gateway -D ./descriptors --batch 100 --health --metrics --events`;

const options = {
  basedir: { type: "string", short: "d" },
  config: { type: "string" },
  amqp: { type: "string", short: "a" },
  listen: { type: "string", short: "L" },
  endpoint: { type: "string", short: "e" },
  descriptors: { type: "string", short: "D" },
  jobs: { type: "string", short: "j" },
  "gateway-timeout": { type: "string", short: "g" },
  "mq-timeout": { type: "string", short: "m" },
  whitelist: { type: "string", short: "w", multiple: true },
  blacklist: { type: "string", short: "b", multiple: true },
  batch: { type: "string" },
  health: { type: "boolean" },
  metrics: { type: "boolean" },
  events: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Where the command writes, and what stops it (besides SIGINT and SIGTERM): for tests and embedding. */
export interface GatewayCommandIo {
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
  /** Stops the gateway as SIGTERM does. */
  readonly signal?: AbortSignal;
  /** Told the address once the gateway listens. */
  readonly onListening?: (address: { host: string; port: number; endpoint: string }) => void;
}

/** `koinos-mq gateway`: one line for the command list. */
export const summary = "serve the bus as JSON-RPC, drop-in for koinos-jsonrpc";

/**
 * Runs the gateway until SIGINT, SIGTERM or `io.signal`; resolves with the
 * exit code: 0 after a clean stop, 2 for bad usage, 3 when the broker
 * cannot be reached or the address cannot be listened on, 1 for schemas
 * that cannot be loaded.
 */
export async function run(argv: readonly string[], io: GatewayCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const say = (stream: NodeJS.WritableStream, line: string) => stream.write(`${line}\n`);
  let flags;
  try {
    flags = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    say(stderr, `koinos-mq gateway: ${error instanceof Error ? error.message : String(error)}\nSee koinos-mq gateway --help.`);
    return 2;
  }
  if (flags.help === true) {
    say(stdout, gatewayHelp);
    return 0;
  }
  const basedir = resolve(flags.basedir ?? defaultBasedir);
  let settings: GatewaySettings;
  let listen;
  let maxBatch = 0;
  try {
    const config = readConfig(flags.config ?? join(basedir, "config.yml"), flags.config !== undefined);
    const { basedir: _b, config: _c, batch, health: _h, metrics: _m, events: _e, help: _x, ...named } = flags;
    settings = resolveSettings(named, config);
    listen = parseListen(settings.listen);
    if (batch !== undefined) {
      maxBatch = Number(batch);
      if (!Number.isInteger(maxBatch) || maxBatch < 0 || maxBatch > 65_536) throw new Error(`batch must be a whole number from 0 to 65536; got ${JSON.stringify(batch)}`);
    }
  } catch (error) {
    say(stderr, `koinos-mq gateway: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const logger: Logger = {
    debug: () => undefined,
    info: (_, message) => say(stderr, message),
    warn: (fields, message) => say(stderr, `warning: ${message} ${JSON.stringify(fields, (_, v: unknown) => (v instanceof Error ? v.message : v))}`),
    error: (fields, message) => say(stderr, `error: ${message} ${JSON.stringify(fields, (_, v: unknown) => (v instanceof Error ? v.message : v))}`),
  };

  let bus;
  try {
    bus = await connect({ url: settings.amqp, name: "koinos-mq gateway", reconnect: { initialAttempts: 1 }, logger });
  } catch (error) {
    say(stderr, `koinos-mq gateway: no broker at ${redactUrl(settings.amqp)} (${error instanceof Error ? error.message : String(error)}); give its URL with --amqp`);
    return 3;
  }
  let gateway;
  try {
    gateway = createJsonRpcGateway({
      bus,
      descriptors: descriptorsPath(settings, basedir),
      endpoint: settings.endpoint,
      jobs: settings.jobs,
      gatewayTimeoutMs: settings["gateway-timeout"] * 1000,
      mqTimeoutMs: settings["mq-timeout"] * 1000,
      whitelist: settings.whitelist,
      blacklist: settings.blacklist,
      maxBatch,
      health: flags.health === true,
      metrics: flags.metrics === true,
      liveEvents: flags.events === true,
      logger,
    });
  } catch (error) {
    await bus.close();
    say(stderr, `koinos-mq gateway: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  for (const service of gateway.schemas.services) say(stderr, `serving ${service.name} (${service.routingKey}): ${[...service.methods.keys()].join(", ")}`);

  const server = createServer(gateway);
  const listening = await new Promise<Error | undefined>((done) => {
    server.once("error", done);
    server.listen(listen.port, listen.host === "" ? undefined : listen.host, () => done(undefined));
  });
  if (listening !== undefined) {
    await gateway.close();
    await bus.close();
    say(stderr, `koinos-mq gateway: cannot listen on ${settings.listen} (${listening.message})`);
    return 3;
  }
  const address = server.address() as AddressInfo;
  say(stderr, `listening on ${address.address}:${address.port}${settings.endpoint}`);
  io.onListening?.({ host: address.address, port: address.port, endpoint: settings.endpoint });

  await new Promise<void>((stop) => {
    const onSignal = () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      io.signal?.removeEventListener("abort", onSignal);
      stop();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    io.signal?.addEventListener("abort", onSignal, { once: true });
    if (io.signal?.aborted === true) onSignal();
  });
  say(stderr, "shutting down");
  server.close();
  await gateway.close();
  server.closeAllConnections();
  await bus.close();
  return 0;
}
