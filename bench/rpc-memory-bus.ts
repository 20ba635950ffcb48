import { createMemoryBus } from "koinos-mq-ts";
import { ChainClient, ChainService, type ChainServer } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { headInfo } from "./workload.js";

/** The generated stack on the memory bus: ChainClient calling get_head_info on a ChainServer, two buses on one broker, as rpc-generated has two connections. */
export function memoryBusRpc(prefetch: number) {
  const server = createMemoryBus({ name: "bench-memory-server" });
  const client = createMemoryBus({ name: "bench-memory-client", broker: server.broker });
  const impl = { getHeadInfo: () => headInfo } as Partial<ChainServer>;
  for (const key of Object.keys(ChainService.methods)) (impl as Record<string, unknown>)[key] ??= () => ({});
  const chain = new ChainClient(client);
  return {
    /** Resolves once served, with the same prefetch as the RabbitMQ scenario's server. */
    start: () => server.serve(ChainService, impl as ChainServer, { concurrency: prefetch / 2 }),
    call: () => chain.getHeadInfo(),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
