import type { BusEvents } from "./bus-events.js";
import type { CallOptions } from "./call-options.js";
import type { ConnectionManager } from "./connection/connection-manager.js";
import { BusClosedError } from "./errors.js";
import type { DeepPartial } from "./message-type.js";
import type { RpcCaller } from "./rpc-caller.js";
import { RpcClient, type RpcClientCounters } from "./rpc/rpc-client.js";
import { RpcServer, type RpcServerCounters } from "./rpc/rpc-server.js";
import type { ServeOptions } from "./rpc/serve-options.js";
import type { ServiceImplementation } from "./rpc/service-implementation.js";
import type { MethodDefinition, ServiceDefinition } from "./service-definition.js";
import type { TypedEvents } from "./util/typed-events.js";

/** A service this bus serves, from `bus.serve()`. */
export interface ServedService {
  readonly definition: ServiceDefinition;
  readonly counters: Readonly<RpcServerCounters>;
  /** Stops consuming, drains running handlers (see `ServeOptions.drainTimeoutMs`) and closes the server's channel. */
  stop(): Promise<void>;
}

/** A snapshot of what the bus is doing. */
export interface BusStats {
  readonly connected: boolean;
  /** Calls waiting for a reply. */
  readonly pendingCalls: number;
  readonly client: Readonly<RpcClientCounters>;
  /** Per served routing key. */
  readonly servers: Readonly<Record<string, Readonly<RpcServerCounters> & { readonly inFlight: number }>>;
}

export interface BusInit {
  readonly manager: ConnectionManager;
  readonly events: TypedEvents<BusEvents>;
  readonly callTimeoutMs: number;
  readonly maxPendingCalls: number;
}

/**
 * A connection to the Koinos bus, from `connect()`: calls services (it is the
 * `RpcCaller` generated clients take), serves them, and closes cleanly.
 */
export class Bus implements RpcCaller {
  readonly #init: BusInit;
  readonly #servers = new Set<RpcServer<ServiceDefinition>>();
  #client: RpcClient | undefined;
  #closing: Promise<void> | undefined;

  /** Use `connect()`. */
  constructor(init: BusInit) {
    this.#init = init;
  }

  /** The `connection_name` the broker shows for this bus. */
  get name(): string {
    return this.#init.manager.name;
  }

  /** Listens to a bus event (see BusEvents); returns a function that stops listening. */
  on<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void {
    return this.#init.events.on(event, listener);
  }

  /** Sends one request and resolves with the typed response (generated clients call this). */
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options?: CallOptions): Promise<Res> {
    if (this.#closing !== undefined) return Promise.reject(new BusClosedError("the bus is closed"));
    this.#client ??= new RpcClient(this.#init.manager, this.#init);
    return this.#client.call(method, request, options);
  }

  /**
   * Serves a service: consumes its durable queue `koinos.rpc.<name>` as one
   * of possibly many competing servers. Resolves once the consumer is up.
   */
  async serve<D extends ServiceDefinition>(definition: D, impl: ServiceImplementation<D>, options: ServeOptions = {}): Promise<ServedService> {
    if (this.#closing !== undefined) throw new BusClosedError("the bus is closed");
    const server = new RpcServer(this.#init.manager, definition, impl, options);
    const generic = server as unknown as RpcServer<ServiceDefinition>;
    this.#servers.add(generic);
    const stop = async () => {
      this.#servers.delete(generic);
      await server.stop();
    };
    try {
      await server.ready();
    } catch (error) {
      await stop();
      throw error;
    }
    return { definition, counters: server.counters, stop };
  }

  stats(): BusStats {
    const servers: Record<string, RpcServerCounters & { inFlight: number }> = {};
    for (const server of this.#servers) servers[server.definition.routingKey] = { ...server.counters, inFlight: server.inFlight };
    return {
      connected: this.#init.manager.topologyReady,
      pendingCalls: this.#client?.pendingCalls ?? 0,
      client: { ...(this.#client?.counters ?? { lateReplies: 0, timeouts: 0, returned: 0 }) },
      servers,
    };
  }

  /**
   * Closes the bus: servers stop consuming and drain their running handlers,
   * pending calls fail with BusClosedError, then the connection closes.
   * Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await Promise.all([...this.#servers].map((server) => server.stop()));
    this.#servers.clear();
    await this.#client?.close();
    await this.#init.manager.close();
  }
}
