import type { Registry } from "prom-client";
import type { Bus } from "../bus.js";
import type { EventMap } from "../events/topic-types.js";
import type { Logger } from "../logger.js";
import type { SchemaSet } from "../schema/schema-set.js";
import type { ServiceDefinition } from "../service-definition.js";

/**
 * Options of `createJsonRpcGateway`. Give the schemas one way: `services`
 * (generated definitions), `descriptors` (descriptor files, as
 * koinos-jsonrpc loads them) or `schemas`. Defaults are koinos-jsonrpc's.
 */
export interface JsonRpcGatewayOptions {
  /** The bus the services are on (`connect()`). The gateway does not close it. */
  readonly bus: Bus;
  /** Generated service definitions (`ChainService`, ...): the services this gateway serves. */
  readonly services?: readonly ServiceDefinition[];
  /**
   * A descriptor file or a directory of them (FileDescriptorSets as
   * `buf build -o` or `protoc --include_imports --descriptor_set_out` write
   * them, e.g. Koinos's `koinos_descriptors.pb`): every Koinos service in them.
   */
  readonly descriptors?: string;
  /** Schemas already loaded (`schemaSet(...)`). */
  readonly schemas?: SchemaSet;
  /** Event maps (`KoinosEvents`, ...) for the live events' JSON; topics found in descriptor files are known without them. */
  readonly eventMaps?: readonly EventMap[];
  /** The path JSON-RPC answers on: ending in `/` it covers the paths below it (Go's ServeMux), else only itself. Default `/`. */
  readonly endpoint?: string;
  /** Requests handled at once (koinos-jsonrpc's `jobs`); up to twice as many more wait in a queue. Default 16. */
  readonly jobs?: number;
  /** How long a request may wait for a place in the queue before HTTP 504. Default 3000 ms. */
  readonly gatewayTimeoutMs?: number;
  /** Timeout of each bus call (koinos-jsonrpc's `mq-timeout`, which it does not honour: its calls time out after 1 s). Default 5000 ms. */
  readonly mqTimeoutMs?: number;
  /** Only methods with one of these prefixes of `koinos.rpc.<service>.<method>` (the prefix `koinos.rpc.` may be left out). */
  readonly whitelist?: readonly string[];
  /** Never methods with one of these prefixes; wins over the whitelist. Koinos's example config blacklists `block_store.add_block` and `chain.propose_block`. */
  readonly blacklist?: readonly string[];
  /** A request's encoded bus message over this is refused with -32602. Default 536870912 (koinos-jsonrpc's 512 MiB). */
  readonly maxRequestBytes?: number;
  /** An HTTP body over this is refused with -32602 without being read whole. Default 67108864 (64 MiB). */
  readonly maxBodyBytes?: number;
  /** Opt-in: answer JSON-RPC batches (arrays) of up to this many requests. Default 0: refused with -32700, as koinos-jsonrpc does. */
  readonly maxBatch?: number;
  /** Opt-in: `GET /health`, the broker connection and the consumers of each service's queue. */
  readonly health?: boolean;
  /** Opt-in: `GET /metrics` in Prometheus text format; a prom-client Registry to register into (default: a registry of its own). */
  readonly metrics?: boolean | Registry;
  /** Opt-in: `GET /events?topic=<pattern>`, Server-Sent Events of `koinos.event` topics in Koinos JSON. */
  readonly liveEvents?: boolean;
  /** Event streams open at once. Default 256. */
  readonly maxEventStreams?: number;
  /** Logs requests that fail in transport and event streams; silent by default. */
  readonly logger?: Logger;
}
