import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";
import { createJsonRpcGateway, type JsonRpcGateway, type JsonRpcGatewayOptions } from "../../runtime/jsonrpc/index.js";

export interface RunningGateway {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly gateway: JsonRpcGateway;
  readonly server: Server;
}

/** Starts gateways on 127.0.0.1 (a free port each) and closes every one of them after the test file. */
export function gatewayFactory(): (options: JsonRpcGatewayOptions) => Promise<RunningGateway> {
  const running: RunningGateway[] = [];
  afterAll(async () => {
    await Promise.all(
      running.map(async ({ gateway, server }) => {
        await gateway.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }),
    );
  });
  return async (options) => {
    const gateway = createJsonRpcGateway(options);
    const server = createServer(gateway);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const started = { url: `http://127.0.0.1:${port}/`, gateway, server };
    running.push(started);
    return started;
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Sends `body` as koilib does (POST, `text/plain;charset=UTF-8`) unless `init` says otherwise. */
export async function post(url: string, body: string | Uint8Array, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { method: "POST", body, headers: { "Content-Type": "text/plain;charset=UTF-8" }, ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
