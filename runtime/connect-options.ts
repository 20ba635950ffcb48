import type { ConnectionOptions as TlsOptions } from "node:tls";
import type { Logger } from "./logger.js";

/** Options of `connect()`. Every field is optional. */
export interface ConnectOptions {
  /** Broker URL, or several tried in turn (`amqp://` or `amqps://`). Default `amqp://guest:guest@127.0.0.1:5672`. */
  readonly url?: string | readonly string[];
  /** `connection_name` shown by `rabbitmqctl list_connections` and the management UI. Default `koinos-mq-ts <host> <pid>`. */
  readonly name?: string;
  /** AMQP heartbeat in seconds; 0 turns heartbeats off (not advised). Default 10. */
  readonly heartbeatSeconds?: number;
  /** TLS options for `amqps://` URLs: ca, cert, key, passphrase, servername, rejectUnauthorized, ... */
  readonly tls?: TlsOptions;
  /** Timeout of one TCP + AMQP handshake attempt. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
  /** Timeout of a call that sets none. Default 5000 ms. */
  readonly callTimeoutMs?: number;
  /** Calls in flight or waiting for the broker, at most; more fail with OverloadedError. Default 65536. */
  readonly maxPendingCalls?: number;
  /** Publishes that may wait for a reconnect or for a full channel buffer to drain. Default 4096. */
  readonly maxWaitingPublishes?: number;
  /** Where the runtime logs (pino-compatible). Default: silent. */
  readonly logger?: Logger;
  /** How requests are published (see RequestDelivery). */
  readonly requests?: RequestDelivery;
}

/**
 * AMQP flags of the requests a bus sends. The defaults are chosen from the
 * figures in the README's performance section.
 */
export interface RequestDelivery {
  /**
   * Persistent requests (delivery mode 2) are written to disk by the broker
   * and survive its restart in the durable service queue; transient ones
   * (koinos-mq-golang's choice) do not. A caller waits seconds at most, so
   * a request outliving a broker restart rarely has anyone left to answer,
   * while persistence costs the broker about a third more CPU per call.
   * Default false: transient.
   */
  readonly persistent?: boolean;
  /**
   * Mandatory requests come back at once as NoRouteError when no queue is
   * bound for the service; without it such a request is dropped and the
   * call waits for its timeout (as with koinos-mq-golang). It costs nothing
   * measurable. Default true.
   */
  readonly mandatory?: boolean;
}

/**
 * Reconnection after the connection is lost, and retries of the first
 * connect. One attempt tries every URL once; attempts are spaced by jittered
 * exponential backoff.
 */
export interface ReconnectOptions {
  /** Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Default 30000 ms. */
  readonly maxDelayMs?: number;
  /** Default 2. */
  readonly factor?: number;
  /** Default 0.2 (each delay is scaled by a random factor in 0.8..1.2). */
  readonly jitter?: number;
  /** Attempts before `connect()` gives up. Default 5. */
  readonly initialAttempts?: number;
  /** Attempts after a lost connection before the bus gives up and fails; 0 gives up at once. Default: no limit. */
  readonly maxAttempts?: number;
}
