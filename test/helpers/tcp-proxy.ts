import { createServer, connect as tcpConnect, type Server, type Socket } from "node:net";
import { afterAll } from "vitest";

/**
 * A TCP proxy in front of the real broker, to take one bus's connection
 * away without touching the broker others use: `forward` passes bytes,
 * `stall` accepts new connections and holds their bytes until `release()`,
 * `refuse` closes new connections at once; `dropAll()` cuts the open ones.
 */
export class TcpProxy {
  mode: "forward" | "stall" | "refuse" = "forward";
  readonly #server: Server;
  readonly #pairs = new Set<{ client: Socket; upstream: Socket | undefined }>();
  readonly #held: { client: Socket; chunks: Buffer[] }[] = [];
  /** Connections accepted in all. */
  accepted = 0;

  private constructor(
    server: Server,
    private readonly target: { host: string; port: number },
  ) {
    this.#server = server;
  }

  /** Starts a proxy to the broker of `brokerUrl`, closed after the test file. */
  static async start(brokerUrl: string): Promise<TcpProxy> {
    const u = new URL(brokerUrl);
    const accept: { to?: (client: Socket) => void } = {};
    const server = createServer((client) => accept.to?.(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = new TcpProxy(server, { host: u.hostname, port: Number(u.port || 5672) });
    accept.to = (client) => proxy.#accept(client);
    afterAll(() => proxy.close());
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("the proxy is not listening");
    return address.port;
  }

  /** `brokerUrl` (with its vhost and credentials) going through this proxy. */
  url(brokerUrl: string): string {
    const u = new URL(brokerUrl);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  /** Connections held by `stall` now. */
  get stalled(): number {
    return this.#held.length;
  }

  /** Connections passing bytes now. */
  get open(): number {
    return this.#pairs.size;
  }

  /** Cuts every open connection, as a network failure would. */
  dropAll(): void {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.#pairs.clear();
  }

  /** Cuts the connections `stall` holds, as a broker that never answered would (the client's attempt fails). */
  dropStalled(): void {
    for (const { client } of this.#held.splice(0)) client.destroy();
  }

  /** Lets the stalled connections through and forwards from now on. */
  release(): void {
    this.mode = "forward";
    for (const { client, chunks } of this.#held.splice(0)) {
      client.removeAllListeners("data");
      this.#pipe(client, chunks);
    }
  }

  close(): void {
    this.dropAll();
    for (const { client } of this.#held.splice(0)) client.destroy();
    this.#server.close();
  }

  #accept(client: Socket): void {
    this.accepted++;
    client.on("error", () => client.destroy());
    if (this.mode === "refuse") {
      client.destroy();
      return;
    }
    if (this.mode === "stall") {
      const held = { client, chunks: [] as Buffer[] };
      client.on("data", (chunk: Buffer) => held.chunks.push(chunk));
      client.on("close", () => {
        const i = this.#held.indexOf(held);
        if (i >= 0) this.#held.splice(i, 1);
      });
      this.#held.push(held);
      return;
    }
    this.#pipe(client, []);
  }

  #pipe(client: Socket, early: Buffer[]): void {
    // Bytes that arrive before the upstream connection is up wait in the socket; pipe() resumes it.
    client.pause();
    const pair: { client: Socket; upstream: Socket | undefined } = { client, upstream: undefined };
    const upstream = tcpConnect(this.target.port, this.target.host, () => {
      for (const chunk of early) upstream.write(chunk);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    pair.upstream = upstream;
    this.#pairs.add(pair);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", end);
    upstream.on("close", end);
    client.on("close", end);
  }
}
