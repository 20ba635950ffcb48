import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { createJsonRpcGateway } from "koinos-mq-ts/jsonrpc";
import { ChainService } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { generatedRpc } from "./rpc-generated.js";

const body = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"chain.get_head_info","params":{}}');

/**
 * chain.get_head_info through the JSON-RPC gateway (its defaults: 16 jobs,
 * queue of 32): HTTP clients with keep-alive (one socket per call in
 * flight) -> the gateway -> the bus -> a generated chain server, all in this
 * process. The baseline is the same call made directly on the bus.
 */
export async function gatewayRpc(url: string, prefetch: number, concurrency: number) {
  const rpc = await generatedRpc(url, prefetch);
  const gateway = createJsonRpcGateway({ bus: rpc.bus, services: [ChainService] });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const call = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", agent, headers: { "Content-Length": body.length } }, (res) => {
        let size = 0;
        res.on("data", (chunk: Buffer) => (size += chunk.length));
        res.on("end", () => (res.statusCode === 200 && size > 0 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    call,
    close: async () => {
      agent.destroy();
      await gateway.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rpc.close();
    },
  };
}
