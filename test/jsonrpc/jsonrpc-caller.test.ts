import { beforeAll, describe, expect, it } from "vitest";
import {
  ConnectionLostError,
  JsonRpcError,
  OverloadedError,
  RpcAbortedError,
  RpcError,
  RpcTimeoutError,
  createJsonRpcCaller,
  isRetryable,
  jsonRpcMethodName,
  type Bus,
} from "koinos-mq-ts";
import { BlockStoreClient, BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolClient, MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { IndexerService } from "../../generated/indexer/indexer_mq.js";
import { busFactory } from "../helpers/buses.js";
import { blockStoreServer, bytes, chainServer, headTopology } from "../helpers/fixture-servers.js";
import { gatewayFactory } from "../helpers/gateway.js";
import { useVhost } from "../helpers/vhost.js";

/** Generated clients over JSON-RPC: TS servers on RabbitMQ <- the gateway <- createJsonRpcCaller. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const startGateway = gatewayFactory();

let release = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
const chain: ChainServer = {
  ...chainServer,
  readContract: (req) => {
    if (req.entryPoint === 1) throw new RpcError("contract reverted: insufficient balance", { data: JSON.stringify({ code: 1, logs: ["balance too low"] }) });
    return chainServer.readContract(req, undefined as never);
  },
  getForkHeads: async () => {
    await held;
    return {};
  },
};

let bus: Bus;
let url = "";
const refusing = "http://127.0.0.1:1/";
beforeAll(async () => {
  bus = await openBus();
  await bus.serve(ChainService, chain);
  await bus.serve(BlockStoreService, blockStoreServer);
  ({ url } = await startGateway({ bus, services: [ChainService, BlockStoreService, MempoolService], mqTimeoutMs: 300, blacklist: ["chain.propose_block"] }));
  return () => release();
});

describe("a generated client over JSON-RPC", () => {
  it("gets the same typed answers as over the bus", async () => {
    const overHttp = new ChainClient(createJsonRpcCaller({ url }));
    const overBus = new ChainClient(bus);
    expect(await overHttp.getHeadInfo()).toEqual(await overBus.getHeadInfo());
    expect((await overHttp.getHeadInfo()).headTopology).toEqual(headTopology);
    const request = { id: "-3", callerData: { caller: bytes(1), callerPrivilege: 1 } };
    expect(await overHttp.invokeSystemCall(request)).toEqual(await overBus.invokeSystemCall(request));
    expect(await overHttp.getResourceLimits()).toEqual(await overBus.getResourceLimits());
    const blocks = { headBlockId: bytes(0x12, 0x20, 7), ancestorStartHeight: "18446744073709551610", numBlocks: 3 };
    expect(await new BlockStoreClient(createJsonRpcCaller({ url })).getBlocksByHeight(blocks)).toEqual(await new BlockStoreClient(bus).getBlocksByHeight(blocks));
  });

  it("sends chain.get_head_info for Koinos's services and <package>.<method> for others", () => {
    expect(jsonRpcMethodName(ChainService.methods.getHeadInfo)).toBe("chain.get_head_info");
    expect(jsonRpcMethodName(Object.values(IndexerService.methods)[0] as never)).toMatch(/^indexer\./);
  });

  it("throws the service's error as RpcError with its message, data and Koinos code", async () => {
    const error = await new ChainClient(createJsonRpcCaller({ url })).readContract({ entryPoint: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ reason: "contract reverted: insufficient balance", data: '{"code":1,"logs":["balance too low"]}', errorCode: 1, retryable: false });
    expect((error as Error).message).toBe("chain.read_contract: contract reverted: insufficient balance");
  });

  it("throws a retryable RpcTimeoutError when the node's bus call times out", async () => {
    const error = await new ChainClient(createJsonRpcCaller({ url })).getForkHeads().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(isRetryable(error)).toBe(true);
  });

  it("throws RpcTimeoutError at its own deadline, and RpcAbortedError when its signal fires", async () => {
    const { url: patient } = await startGateway({ bus, services: [ChainService], mqTimeoutMs: 60_000 });
    const client = new ChainClient(createJsonRpcCaller({ url: patient }));
    await expect(client.getForkHeads({}, { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
    const controller = new AbortController();
    const call = client.getForkHeads({}, { signal: controller.signal });
    controller.abort(new Error("user left"));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcAbortedError);
    expect((error as Error).cause).toEqual(new Error("user left"));
  });

  it("throws a retryable ConnectionLostError when the node cannot reach the service", async () => {
    const error = await new MempoolClient(createJsonRpcCaller({ url })).getPendingTransactionCount({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as Error).message).toMatch(/no queue is bound to koinos\.rpc under koinos\.rpc\.mempool/);
    expect(isRetryable(error)).toBe(true);
  });

  it("throws JsonRpcError when the node refuses the method", async () => {
    const error = await new ChainClient(createJsonRpcCaller({ url })).proposeBlock({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error).toMatchObject({ jsonRpcCode: -32601, data: "method blacklisted", retryable: false });
  });

  it("fails over to the next URL when one cannot be reached, and says so when none can", async () => {
    const failover = new ChainClient(createJsonRpcCaller({ url: [refusing, url] }));
    expect((await failover.getHeadInfo()).headTopology?.height).toBe("42");
    const nowhere = await new ChainClient(createJsonRpcCaller({ url: [refusing] })).getHeadInfo().catch((e: unknown) => e);
    expect(nowhere).toBeInstanceOf(ConnectionLostError);
    expect((nowhere as Error).message).toMatch(/^chain\.get_head_info: cannot reach http:\/\/127\.0\.0\.1:1\//);
  });

  it("retries per its retry policy, and fails over an overloaded node (HTTP 504)", async () => {
    const { url: busy, gateway } = await startGateway({ bus, services: [ChainService], jobs: 1, gatewayTimeoutMs: 50, mqTimeoutMs: 60_000 });
    const blocked = [0, 1, 2].map(() => new ChainClient(createJsonRpcCaller({ url: busy })).getForkHeads({}, { timeoutMs: 60_000 }).catch((e: unknown) => e));
    await expect.poll(() => gateway.stats()).toEqual({ running: 1, queued: 2, eventStreams: 0 });
    await expect(new ChainClient(createJsonRpcCaller({ url: busy })).getChainId()).rejects.toBeInstanceOf(OverloadedError);
    expect((await new ChainClient(createJsonRpcCaller({ url: [busy, url] })).getChainId()).chainId).toEqual(new TextEncoder().encode("koinos-test-chain"));
    const retried = new ChainClient(createJsonRpcCaller({ url: busy })).getChainId({}, { timeoutMs: 10_000, retry: { initialDelayMs: 10 } });
    release();
    expect((await retried).chainId).toEqual(new TextEncoder().encode("koinos-test-chain"));
    await Promise.all(blocked);
  });
});
