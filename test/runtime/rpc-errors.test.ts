import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  NoRouteError,
  OverloadedError,
  RpcAbortedError,
  RpcError,
  RpcTimeoutError,
  UnexpectedResponseError,
  isRetryable,
  type Bus,
  type CallContext,
} from "koinos-mq-ts";
import { errorDetails } from "../../generated/koinos/chain/error.js";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { P2pClient } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { BlockStoreClient } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);
let client: Bus;
let chain: ChainClient;
/** What the chain server saw of the calls that reached it. */
const seen: { correlationIds: string[]; aborted: unknown[] } = { correlationIds: [], aborted: [] };

/** Resolves when the client next reports a timeout. */
const nextClientTimeout = () => new Promise<void>((resolve) => {
  const off = client.on("timeout", () => {
    off();
    resolve();
  });
});

/** Waits until `context.signal` fires or `ms` pass; records the abort reason. */
async function slow(context: CallContext, ms: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    context.signal.addEventListener("abort", () => {
      seen.aborted.push(context.signal.reason);
      clearTimeout(timer);
      resolve();
    });
  });
}

const server: ChainServer = {
  ...chainServer,
  getChainId: () => {
    throw new Error("chain id is not known yet");
  },
  getAccountNonce: () => {
    throw new RpcError("invalid nonce", {
      data: JSON.stringify({ code: -201, logs: ["nonce 7 is not 8"] }),
      details: [{ typeUrl: "type.googleapis.com/koinos.chain.error_details", value: errorDetails.encode({ code: -201, logs: ["nonce 7 is not 8"] }).finish() }],
    });
  },
  getResourceLimits: () => Promise.reject("a string, not an Error"),
  // args "<ms>": wait that long or until aborted. args "once:<key>": the first call for a key hangs, later ones answer.
  readContract: async (req, context) => {
    seen.correlationIds.push(context.correlationId);
    const [ms, key] = new TextDecoder().decode(req.args).split(":").reverse();
    if (key === undefined) {
      await slow(context, Number(ms));
    } else if (!onceSeen.has(String(ms))) {
      onceSeen.add(String(ms));
      await slow(context, 10_000);
    }
    return { result: req.args };
  },
  // Ignores its deadline: answers only once its caller has given up.
  submitBlock: async () => {
    await nextClientTimeout();
    return {};
  },
};
const onceSeen = new Set<string>();

beforeAll(async () => {
  const serving = await openBus();
  await serving.serve(ChainService, server, { concurrency: 64 });
  client = await openBus();
  chain = new ChainClient(client);
});

const delay = (ms: number) => ({ args: new TextEncoder().encode(String(ms)) });

describe("an error reply", () => {
  it("from a handler that throws becomes an RpcError with the handler's message", async () => {
    const error = await chain.getChainId().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: "RPC_ERROR", reason: "chain id is not known yet", message: "chain.get_chain_id: chain id is not known yet", retryable: false });
  });

  it("carries the data and typed details a handler put in its RpcError", async () => {
    const error = (await chain.getAccountNonce({ account: new Uint8Array([1]) }).catch((e: unknown) => e)) as RpcError;
    expect(error.reason).toBe("invalid nonce");
    expect(error.errorCode).toBe(-201);
    expect(JSON.parse(error.data)).toEqual({ code: -201, logs: ["nonce 7 is not 8"] });
    expect(error.details.map((d) => d.typeUrl)).toEqual(["type.googleapis.com/koinos.chain.error_details"]);
    expect(error.unpack("koinos.chain.error_details", errorDetails)).toEqual({ code: -201, logs: ["nonce 7 is not 8"] });
    expect(error.unpack("koinos.chain.other", errorDetails)).toBeUndefined();
  });

  it("for something thrown that is not an Error says so", async () => {
    await expect(chain.getResourceLimits()).rejects.toMatchObject({ reason: "unexpected error while handling rpc" });
  });
});

describe("a timeout", () => {
  it("rejects with RpcTimeoutError at the deadline, and the handler's signal fires then too", async () => {
    const error = await chain.readContract(delay(3000), { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    await vi.waitFor(() => expect(seen.aborted.at(-1)).toBeInstanceOf(RpcTimeoutError));
    expect(client.stats().pendingCalls).toBe(0);
  });

  it("leaves a late reply to be dropped and counted", async () => {
    const late = new Promise<string>((resolve) => client.on("late-reply", (e) => resolve(e.correlationId)));
    const before = client.stats().client.lateReplies;
    // The handler answers once the caller has given up at 100 ms.
    await expect(chain.submitBlock({}, { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(await late).toMatch(/^[0-9A-Za-z]{9,}$/);
    expect(client.stats().client.lateReplies).toBe(before + 1);
  });
});

describe("an abort", () => {
  it("rejects at once with RpcAbortedError carrying the reason", async () => {
    const controller = new AbortController();
    const before = seen.correlationIds.length;
    const call = chain.readContract(delay(20_000), { signal: controller.signal });
    // Abort once the request is being handled.
    await vi.waitFor(() => expect(seen.correlationIds.length).toBe(before + 1));
    controller.abort(new Error("user went away"));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcAbortedError);
    expect((error as RpcAbortedError).cause).toEqual(new Error("user went away"));
    expect(client.stats().pendingCalls).toBe(0);
  });

  it("with an already aborted signal sends nothing", async () => {
    const before = seen.correlationIds.length;
    await expect(chain.readContract(delay(1), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ABORTED" });
    // A call made after it reaches the server alone: requests on one channel arrive in order.
    await chain.readContract(delay(0));
    expect(seen.correlationIds.length).toBe(before + 1);
  });
});

describe("a service with no queue on the broker", () => {
  it("fails with NoRouteError rather than waiting for its timeout", async () => {
    const error = await new P2pClient(client).getGossipStatus({}, { timeoutMs: 25_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRouteError);
    expect((error as Error).message).toContain("koinos.rpc.p2p");
    expect(isRetryable(error)).toBe(true);
  });
});

describe("a reply that is neither the method's member nor error", () => {
  it("rejects with UnexpectedResponseError, for another member, no member and garbage", async () => {
    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    await channel.assertQueue("koinos.rpc.block_store", { durable: true, exclusive: false, autoDelete: false });
    await channel.bindQueue("koinos.rpc.block_store", "koinos.rpc", "koinos.rpc.block_store");
    const replies = [Buffer.from("0a00", "hex"), Buffer.alloc(0), Buffer.from("ffffffff", "hex")];
    await channel.consume("koinos.rpc.block_store", (msg) => {
      if (msg === null) return;
      channel.publish("koinos.rpc", msg.properties.replyTo, replies.shift() ?? Buffer.alloc(0), { correlationId: msg.properties.correlationId });
      channel.ack(msg);
    });
    const blockStore = new BlockStoreClient(client);
    for (const what of ["member 1", "no member", "not a valid"]) {
      const error = await blockStore.getHighestBlock().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toContain(what);
    }
  });
});

describe("bounds", () => {
  it("fails calls beyond maxPendingCalls with OverloadedError instead of queueing them", async () => {
    const small = await openBus({ maxPendingCalls: 2 });
    const limited = new ChainClient(small);
    const running = [limited.readContract(delay(300)), limited.readContract(delay(300))];
    await expect(limited.readContract(delay(1))).rejects.toBeInstanceOf(OverloadedError);
    await Promise.all(running);
    expect(small.stats().pendingCalls).toBe(0);
  });
});

describe("a retry policy", () => {
  it("re-sends a timed-out attempt with a fresh correlation id and returns the answer", async () => {
    const before = seen.correlationIds.length;
    const args = new TextEncoder().encode("once:retry-1");
    const r = await chain.readContract({ args }, { timeoutMs: 5000, retry: { attemptTimeoutMs: 300, initialDelayMs: 50 } });
    expect(r.result).toEqual(args);
    const ids = seen.correlationIds.slice(before);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("is not used for errors a retry cannot cure", async () => {
    const before = seen.correlationIds.length;
    await expect(chain.getChainId({}, { retry: { maxAttempts: 5 } })).rejects.toBeInstanceOf(RpcError);
    expect(seen.correlationIds.length).toBe(before);
  });

  it("gives up at the caller's deadline and sends nothing after it", async () => {
    const before = seen.correlationIds.length;
    const error = await chain
      .readContract(delay(10_000), { timeoutMs: 1000, retry: { attemptTimeoutMs: 300, initialDelayMs: 50, maxDelayMs: 50 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcTimeoutError);
    // The retry loop is the call's promise: once it settled, nothing is scheduled to send.
    expect(client.stats().pendingCalls).toBe(0);
    const ids = seen.correlationIds.slice(before);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
