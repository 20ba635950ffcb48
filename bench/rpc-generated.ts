import { connect, type RequestDelivery } from "koinos-mq-ts";
import { ChainClient, ChainService, type ChainServer } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { headInfo } from "./workload.js";

/** The generated stack: ChainClient calling get_head_info on a ChainServer, two connections in this process. */
export async function generatedRpc(url: string, prefetch: number, requests?: RequestDelivery) {
  const server = await connect({ url, name: "bench-generated-server" });
  const client = await connect({ url, name: "bench-generated-client", ...(requests === undefined ? {} : { requests }) });
  const impl = { getHeadInfo: () => headInfo } as Partial<ChainServer>;
  for (const key of Object.keys(ChainService.methods)) (impl as Record<string, unknown>)[key] ??= () => ({});
  // The server's prefetch is twice its concurrency.
  await server.serve(ChainService, impl as ChainServer, { concurrency: prefetch / 2 });
  const chain = new ChainClient(client);
  return {
    call: () => chain.getHeadInfo(),
    bus: client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
