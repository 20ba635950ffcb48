import type { CallContext, RequestProperties } from "../call-context.js";
import { RpcTimeoutError } from "../errors.js";
import { methodLabel, type MethodDefinition } from "../service-definition.js";
import { startTimer, stopTimer, type Timer } from "../util/timer.js";
import type { ServerDelivery } from "./service-handler.js";

const noHeaders: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The context of one handler call. Its abort signal is made only when the
 * handler reads it (most never do, and an AbortController plus a deadline
 * timer per request is a measurable share of a server's work); until then
 * aborting it only records the reason.
 */
export class HandlerContext implements CallContext {
  readonly redelivered: boolean;
  readonly method: string;
  #controller: AbortController | undefined;
  #timer: Timer;
  #abortReason: { reason: unknown } | undefined;
  #disposed = false;
  #properties: RequestProperties | undefined;

  constructor(
    readonly correlationId: string,
    readonly deadline: number | undefined,
    private readonly delivery: ServerDelivery,
    /** The contexts whose signals may need aborting; this one joins once its signal exists. */
    private readonly live: Set<HandlerContext>,
    /** The method called, to name it in the deadline's abort reason. */
    private readonly definition: MethodDefinition,
  ) {
    this.method = definition.name;
    this.redelivered = delivery.redelivered;
  }

  /** Built when first read: most handlers never look. */
  get properties(): RequestProperties {
    if (this.#properties === undefined) {
      const { headers, contentType } = this.delivery.request.properties;
      this.#properties = {
        headers: typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>) : noHeaders,
        correlationId: this.correlationId,
        deadline: this.deadline,
        redelivered: this.redelivered,
        contentType: typeof contentType === "string" ? contentType : undefined,
      };
    }
    return this.#properties;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) {
        this.#controller.abort(this.#abortReason.reason);
      } else if (!this.#disposed) {
        this.live.add(this);
        if (this.deadline !== undefined) this.#timer = startTimer(() => this.#expire(), this.deadline);
      }
    }
    return this.#controller.signal;
  }

  #expire(): void {
    this.abort(new RpcTimeoutError(`${methodLabel(this.definition)}: the caller's deadline passed`));
  }

  /** Fires the signal (deadline, shutdown, lost channel). */
  abort(reason: unknown): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = { reason };
    this.#controller?.abort(reason);
  }

  /** The call is over: drop the deadline timer and leave the live set (a signal read later stays quiet). */
  dispose(): void {
    this.#disposed = true;
    if (this.#controller === undefined) return;
    stopTimer(this.#timer);
    this.live.delete(this);
  }
}
