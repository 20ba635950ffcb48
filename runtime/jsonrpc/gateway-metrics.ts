import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** A method label for requests whose method was not found: keeps the label set bounded. */
export const UNKNOWN_METHOD = "unknown";

/**
 * The gateway's Prometheus metrics (prom-client): requests and errors by
 * method and code, latency per method, requests in flight, and the HTTP
 * refusals (504, 503) that never reach a method.
 */
export class GatewayMetrics {
  readonly registry: Registry;
  readonly #requests: Counter<"method">;
  readonly #errors: Counter<"method" | "code">;
  readonly #latency: Histogram<"method">;
  readonly #inFlight: Gauge;
  readonly #refused: Counter<"status">;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.#requests = new Counter({ name: "koinos_jsonrpc_requests_total", help: "JSON-RPC requests answered, by method (koinos.rpc.<service>.<method>, or unknown)", labelNames: ["method"], registers });
    this.#errors = new Counter({ name: "koinos_jsonrpc_errors_total", help: "JSON-RPC error answers, by method and JSON-RPC error code", labelNames: ["method", "code"], registers });
    this.#latency = new Histogram({
      name: "koinos_jsonrpc_request_duration_seconds",
      help: "Time from reading a request to its answer, by method",
      labelNames: ["method"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#inFlight = new Gauge({ name: "koinos_jsonrpc_requests_in_flight", help: "HTTP requests being answered or waiting for a worker", registers });
    this.#refused = new Counter({ name: "koinos_jsonrpc_http_refused_total", help: "HTTP requests refused before any method: 504 (no worker in time), 503 (shutting down)", labelNames: ["status"], registers });
  }

  /** One request answered. */
  answered(method: string | undefined, code: number, seconds: number): void {
    const label = method ?? UNKNOWN_METHOD;
    this.#requests.inc({ method: label });
    if (code !== 0) this.#errors.inc({ method: label, code: String(code) });
    this.#latency.observe({ method: label }, seconds);
  }

  /** An HTTP request refused with `status`. */
  refused(status: number): void {
    this.#refused.inc({ status: String(status) });
  }

  started(): void {
    this.#inFlight.inc();
  }

  ended(): void {
    this.#inFlight.dec();
  }
}
