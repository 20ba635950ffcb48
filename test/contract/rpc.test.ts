import { describe, expect, it, vi } from "vitest";
import {
  InvalidArgumentError,
  NoRouteError,
  OverloadedError,
  RpcAbortedError,
  RpcError,
  RpcTimeoutError,
  isRetryable,
  unimplemented,
  type CallContext,
  type RequestProperties,
} from "koinos-mq-ts";
import { errorDetails } from "../../generated/koinos/chain/error.js";
import { ChainClient, ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busKinds } from "../helpers/bus-kinds.js";
import { chainServer, headTopology } from "../helpers/fixture-servers.js";
import { latch, rawService, text, untext } from "../helpers/raw-service.js";

/**
 * RPC as users see it, the same on RabbitMQ and in memory: each test runs
 * against both buses, and a difference between them is a bug. Every test
 * uses services of its own (a fresh raw service, or chain on a broker where
 * only that test serves it), since the tests of a kind share one broker.
 */
describe.each(busKinds(import.meta.filename))("RPC on the $name bus", (kind) => {
  let services = 0;
  /** A raw service nobody else in this file uses. */
  const freshService = () => rawService(`${kind.name}_svc${++services}`);

  describe("a call", () => {
    it("goes through the envelopes both ways: a typed request arrives as sent, the typed response as returned", async () => {
      const server = await kind.open();
      const served = await server.serve(ChainService, chainServer);
      const chain = new ChainClient(await kind.open());
      const head = await chain.getHeadInfo();
      expect(head).toEqual({ headTopology, lastIrreversibleBlock: "18446744073709551615", headStateMerkleRoot: new Uint8Array([1, 2, 3]), headBlockTime: "1700000000000" });
      expect(await chain.readContract({ contractId: new Uint8Array([5]), entryPoint: 0x82a3537f, args: new Uint8Array([9, 8]) })).toEqual({
        result: new Uint8Array([9, 8]),
        logs: ["entry point 2191741823"],
      });
      expect((await chain.getResourceLimits()).resourceLimitData).toMatchObject({ computeBandwidthCost: "9007199254740993" });
      expect(served.counters.handled).toBe(3);
      await served.stop();
    });

    it("carries the member's bytes unchanged both ways, unknown fields included", async () => {
      const service = freshService();
      const seen: Uint8Array[] = [];
      // Field 1 = 1, then field 15 = cafe: a newer schema's field the older one does not know.
      const answer = new Uint8Array([0x08, 0x02, 0x7a, 0x02, 0xbe, 0xef]);
      const served = await (await kind.open()).serve(service, {
        echo: (request) => {
          seen.push(request);
          return answer;
        },
      });
      const bus = await kind.open();
      const sent = new Uint8Array([0x08, 0x01, 0x7a, 0x02, 0xca, 0xfe]);
      expect(await bus.call(service.methods.echo, sent)).toEqual(answer);
      expect(seen).toEqual([sent]);
      await served.stop();
    });

    it("whose request does not encode is refused with InvalidArgumentError, and nothing is sent", async () => {
      const served = await (await kind.open()).serve(ChainService, chainServer);
      const chain = new ChainClient(await kind.open());
      const error = await chain.submitBlock({ block: { header: { height: "not a number" } } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(await chain.getChainId()).toEqual({ chainId: text("koinos-test-chain") });
      expect(served.counters.handled).toBe(1);
      await served.stop();
    });

    it("to a service nobody ever served fails at once with NoRouteError, which a retry may cure", async () => {
      const bus = await kind.open();
      const error = await bus.call(freshService().methods.echo, text("anyone?"), { timeoutMs: 25_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoRouteError);
      expect((error as Error).message).toContain(`koinos.rpc.${kind.name}_svc`);
      expect(isRetryable(error)).toBe(true);
      expect(bus.stats().client.returned).toBe(1);
      expect(bus.stats().pendingCalls).toBe(0);
    });

    it("not mandatory (requests.mandatory false), to a service nobody ever served, waits for its timeout", async () => {
      const bus = await kind.open({ requests: { mandatory: false } });
      await expect(bus.call(freshService().methods.echo, text("anyone?"), { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
      expect(bus.stats().client.returned).toBe(0);
    });
  });

  describe("competing servers", () => {
    it("take the requests of their queue in turn", async () => {
      const service = freshService();
      const byServer: string[] = [];
      const serve = async (label: string) =>
        (await kind.open()).serve(service, {
          echo: (request) => {
            byServer.push(label);
            return request;
          },
        });
      const [a, b] = [await serve("a"), await serve("b")];
      const bus = await kind.open();
      for (let i = 0; i < 10; i++) await bus.call(service.methods.echo, text(String(i)));
      expect(byServer.filter((s) => s === "a")).toHaveLength(5);
      expect(byServer.filter((s) => s === "b")).toHaveLength(5);
      // Many at once: each server takes a share.
      await Promise.all(Array.from({ length: 100 }, (_, i) => bus.call(service.methods.echo, text(String(i)))));
      expect(a.counters.handled + b.counters.handled).toBe(110);
      expect(a.counters.handled).toBeGreaterThan(20);
      expect(b.counters.handled).toBeGreaterThan(20);
      await Promise.all([a.stop(), b.stop()]);
    });
  });

  describe("a service's queue", () => {
    it("is reported by queueStatus: its servers and waiting requests, or undefined before anyone declared it", async () => {
      const service = freshService();
      const bus = await kind.open();
      expect(await bus.queueStatus(service.routingKey)).toBeUndefined();
      const served = await (await kind.open()).serve(service, { echo: (request: Uint8Array) => request });
      const second = await (await kind.open()).serve(service, { echo: (request: Uint8Array) => request });
      expect(await bus.queueStatus(service.routingKey)).toEqual({ queue: service.routingKey, messages: 0, consumers: 2 });
      await Promise.all([served.stop(), second.stop()]);
      expect(await bus.queueStatus(service.routingKey)).toEqual({ queue: service.routingKey, messages: 0, consumers: 0 });
    });

    it("outlives its servers: calls then wait in it and time out, and a server started later answers those still waiting", async () => {
      const service = freshService();
      const echo = { echo: (request: Uint8Array) => request };
      await (await (await kind.open()).serve(service, echo)).stop();
      const bus = await kind.open();
      await expect(bus.call(service.methods.echo, text("late"), { timeoutMs: 100 })).rejects.toBeInstanceOf(RpcTimeoutError);
      const waiting = bus.call(service.methods.echo, text("waiting"), { timeoutMs: 20_000 });
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.messages).toBe(1), { timeout: 10_000 });
      const seen: string[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: (request) => {
          seen.push(untext(request));
          return request;
        },
      });
      expect(untext(await waiting)).toBe("waiting");
      // The request that expired in the queue was dropped there, never run.
      expect(seen).toEqual(["waiting"]);
      await served.stop();
    });
  });

  describe("deadlines", () => {
    it("reach the handler: context.deadline and x-koinos-deadline are the caller's, and a call without one has none", async () => {
      const service = freshService();
      const seen: { deadline: number | undefined; header: unknown }[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: (request, context) => {
          seen.push({ deadline: context.deadline, header: context.properties.headers["x-koinos-deadline"] });
          return request;
        },
      });
      const bus = await kind.open();
      const before = Date.now();
      await bus.call(service.methods.echo, text("a"), { timeoutMs: 60_000 });
      const after = Date.now();
      await bus.call(service.methods.echo, text("b"), { timeoutMs: Infinity });
      const [timed, unbounded] = seen;
      expect(timed?.header).toBe(timed?.deadline);
      expect(timed?.deadline).toBeGreaterThanOrEqual(before + 60_000);
      expect(timed?.deadline).toBeLessThanOrEqual(after + 60_000);
      expect(unbounded).toEqual({ deadline: undefined, header: undefined });
      await served.stop();
    });

    it("end the call with RpcTimeoutError, fire the handler's signal, and leave the late reply to be counted", async () => {
      const service = freshService();
      const bus = await kind.open();
      const timedOut = new Promise<string>((resolve) => bus.on("timeout", (e) => resolve(e.method)));
      const aborted: unknown[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: async (request, context) => {
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          aborted.push(context.signal.reason);
          // Answers once its caller has given up for sure.
          await timedOut;
          return request;
        },
      });
      const late = new Promise<string>((resolve) => bus.on("late-reply", (e) => resolve(e.correlationId)));
      const error = await bus.call(service.methods.echo, text("slow"), { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
      expect(await timedOut).toBe(`${service.name}.echo`);
      expect(await late).toMatch(/^[0-9A-Za-z]{9,}$/);
      expect(aborted).toHaveLength(1);
      expect(aborted[0]).toBeInstanceOf(RpcTimeoutError);
      expect(bus.stats().client).toMatchObject({ timeouts: 1, lateReplies: 1 });
      expect(bus.stats().pendingCalls).toBe(0);
      await served.stop();
    });

    it("passed while a request waited for a free handler: the request is not run", async () => {
      const service = freshService();
      const started: string[] = [];
      const held = latch();
      const serving = await kind.open();
      const served = await serving.serve(
        service,
        {
          echo: async (request) => {
            started.push(untext(request));
            await held.promise;
            return request;
          },
        },
        { concurrency: 1 },
      );
      const bus = await kind.open();
      const first = bus.call(service.methods.echo, text("first"), { timeoutMs: 20_000 });
      await vi.waitFor(() => expect(started).toEqual(["first"]));
      // Delivered at once (the prefetch has room), queued behind "first" past its deadline.
      await expect(bus.call(service.methods.echo, text("second"), { timeoutMs: 150 })).rejects.toBeInstanceOf(RpcTimeoutError);
      expect(serving.stats().servers[service.routingKey]?.inFlight).toBe(2);
      held.release();
      expect(untext(await first)).toBe("first");
      await vi.waitFor(() => expect(served.counters.expired).toBe(1));
      expect(started).toEqual(["first"]);
      await served.stop();
    });
  });

  describe("an abort", () => {
    it("rejects at once with RpcAbortedError carrying the reason, and an aborted signal sends nothing", async () => {
      const service = freshService();
      const started: string[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: async (request, context) => {
          started.push(untext(request));
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          return request;
        },
      });
      const bus = await kind.open();
      const controller = new AbortController();
      const call = bus.call(service.methods.echo, text("abort me"), { timeoutMs: 500, signal: controller.signal });
      await vi.waitFor(() => expect(started).toEqual(["abort me"]));
      controller.abort(new Error("user went away"));
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcAbortedError);
      expect((error as Error).cause).toEqual(new Error("user went away"));
      expect(bus.stats().pendingCalls).toBe(0);
      await expect(bus.call(service.methods.echo, text("never sent"), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "ABORTED" });
      await served.stop();
      expect(started).toEqual(["abort me"]);
    });
  });

  describe("a handler that fails", () => {
    const failing: ChainServer = {
      ...unimplemented(ChainService),
      getHeadInfo: () => {
        throw new Error("head is not known yet");
      },
      getAccountNonce: () => {
        throw new RpcError("invalid nonce", {
          data: JSON.stringify({ code: -201 }),
          details: [{ typeUrl: "type.googleapis.com/koinos.chain.error_details", value: errorDetails.encode({ code: -201, logs: ["nonce 7 is not 8"] }).finish() }],
        });
      },
      getResourceLimits: () => Promise.reject("a string, not an Error"),
      // Not a uint64: the response does not encode.
      getForkHeads: () => ({ forkHeads: [{ height: "forty-two" }] }),
    };

    it("answers with an error reply: RpcError for the caller, handler-error for the server's bus", async () => {
      const serving = await kind.open();
      const handlerErrors: string[] = [];
      serving.on("handler-error", (e) => handlerErrors.push(`${e.service}.${e.method}`));
      const served = await serving.serve(ChainService, failing);
      const chain = new ChainClient(await kind.open());
      await expect(chain.getHeadInfo()).rejects.toMatchObject({ name: "RpcError", reason: "head is not known yet", message: "chain.get_head_info: head is not known yet" });
      const nonce = (await chain.getAccountNonce({ account: new Uint8Array([1]) }).catch((e: unknown) => e)) as RpcError;
      expect(nonce).toBeInstanceOf(RpcError);
      expect(nonce.errorCode).toBe(-201);
      expect(nonce.unpack("koinos.chain.error_details", errorDetails)).toEqual({ code: -201, logs: ["nonce 7 is not 8"] });
      await expect(chain.getResourceLimits()).rejects.toMatchObject({ reason: "unexpected error while handling rpc" });
      await expect(chain.getForkHeads()).rejects.toMatchObject({ name: "RpcError", reason: expect.stringMatching(/^the message does not encode/) });
      await expect(chain.getChainId()).rejects.toMatchObject({ reason: "chain.get_chain_id is not implemented" });
      expect(served.counters).toMatchObject({ handled: 0, handlerErrors: 5 });
      expect(handlerErrors).toEqual(["chain.get_head_info", "chain.get_account_nonce", "chain.get_resource_limits", "chain.get_fork_heads", "chain.get_chain_id"]);
      await served.stop();
    });
  });

  describe("what a handler sees", () => {
    it("is the request's properties as RabbitMQ delivers them: headers, correlation id, content type, redelivered", async () => {
      const service = freshService();
      const seen: { properties: RequestProperties; context: CallContext }[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: (request, context) => {
          seen.push({ properties: context.properties, context });
          return request;
        },
      });
      const bus = await kind.open();
      const headers = { tenant: "acme", retries: 3, ratio: 0.25, big: 2 ** 40, negative: -70_000, zero: -0, urgent: true };
      await bus.call(service.methods.echo, text("x"), { timeoutMs: 10_000, headers });
      const [{ properties, context } = expect.unreachable()] = seen;
      const { "x-koinos-deadline": deadline, ...rest } = properties.headers;
      expect(rest).toEqual({ tenant: "acme", retries: 3, ratio: 0.25, big: 2 ** 40, negative: -70_000, zero: 0, urgent: true });
      expect(Object.is(rest["zero"], 0)).toBe(true);
      expect(deadline).toBe(context.deadline);
      expect(properties).toMatchObject({ correlationId: context.correlationId, deadline: context.deadline, redelivered: false, contentType: "application/octet-stream" });
      expect(context.correlationId).toMatch(/^[0-9A-Za-z]{9,}$/);
      expect(context.method).toBe("echo");
      await served.stop();
    });

    it("never includes header values AMQP cannot carry: such a call is refused with InvalidArgumentError", async () => {
      const service = freshService();
      const served = await (await kind.open()).serve(service, { echo: (request) => request });
      const bus = await kind.open();
      for (const bad of [Number.NaN, -Infinity, 2 ** 51 + 0.5]) {
        const error = await bus.call(service.methods.echo, text("x"), { headers: { bad } }).catch((e: unknown) => e);
        expect(error, String(bad)).toBeInstanceOf(InvalidArgumentError);
      }
      expect(bus.stats().pendingCalls).toBe(0);
      expect(served.counters.handled).toBe(0);
      await served.stop();
    });
  });

  describe("bounds and retries", () => {
    it("maxPendingCalls fails calls beyond it with OverloadedError instead of queueing them", async () => {
      const service = freshService();
      const held = latch();
      const served = await (await kind.open()).serve(service, {
        echo: async (request) => {
          await held.promise;
          return request;
        },
      });
      const small = await kind.open({ maxPendingCalls: 2 });
      const running = [small.call(service.methods.echo, text("1")), small.call(service.methods.echo, text("2"))];
      await expect(small.call(service.methods.echo, text("3"))).rejects.toBeInstanceOf(OverloadedError);
      held.release();
      expect((await Promise.all(running)).map(untext)).toEqual(["1", "2"]);
      expect(small.stats().pendingCalls).toBe(0);
      await served.stop();
    });

    it("a retry policy re-sends a timed-out attempt with a fresh correlation id, and never an error a retry cannot cure", async () => {
      const service = freshService();
      const ids: string[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: async (request, context) => {
          ids.push(context.correlationId);
          if (untext(request) === "refuse") throw new Error("no");
          // The first attempt hangs until its caller gave up on it.
          if (ids.length === 1) await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          return request;
        },
      });
      const bus = await kind.open();
      const answer = await bus.call(service.methods.echo, text("again"), { timeoutMs: 10_000, retry: { attemptTimeoutMs: 200, initialDelayMs: 20 } });
      expect(untext(answer)).toBe("again");
      expect(ids).toHaveLength(2);
      expect(ids[0]).not.toBe(ids[1]);
      await expect(bus.call(service.methods.echo, text("refuse"), { retry: { maxAttempts: 5, initialDelayMs: 1 } })).rejects.toBeInstanceOf(RpcError);
      expect(ids).toHaveLength(3);
      await served.stop();
    });
  });
});
