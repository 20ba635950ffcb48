import { describe, expect, it, vi } from "vitest";
import { BusClosedError, InvalidArgumentError, type CallContext } from "koinos-mq-ts";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busKinds } from "../helpers/bus-kinds.js";
import { p2pServer } from "../helpers/fixture-servers.js";
import { latch, rawService, text, untext } from "../helpers/raw-service.js";

/**
 * Stopping servers, closing buses, stats and bus events, the same on
 * RabbitMQ and in memory: what started finishes, what did not goes to
 * another server, nothing hangs.
 */
describe.each(busKinds(import.meta.filename))("life cycle on the $name bus", (kind) => {
  let services = 0;
  const freshService = () => rawService(`${kind.name}_life${++services}`);

  describe("a stopping server", () => {
    it("gives requests it holds but has not started back to the queue at once, for another server, and finishes the one it runs", async () => {
      const service = freshService();
      const held = latch();
      const started: string[] = [];
      const busA = await kind.open();
      const servedA = await busA.serve(
        service,
        {
          echo: async (request) => {
            started.push(`a:${untext(request)}`);
            await held.promise;
            return request;
          },
        },
        { concurrency: 1 },
      );
      const bus = await kind.open();
      const first = bus.call(service.methods.echo, text("first"), { timeoutMs: 20_000 });
      await vi.waitFor(() => expect(started).toEqual(["a:first"]));
      const second = bus.call(service.methods.echo, text("second"), { timeoutMs: 20_000 });
      // Delivered to a (its prefetch has room) and waiting there behind the first.
      await vi.waitFor(() => expect(busA.stats().servers[service.routingKey]?.inFlight).toBe(2));
      const servedB = await (await kind.open()).serve(service, {
        echo: (request, context: CallContext) => {
          started.push(`b:${untext(request)}${context.redelivered ? " (redelivered)" : ""}`);
          return request;
        },
      });
      const stopped = servedA.stop();
      // Answered by b while a's handler still runs: it did not wait for a's drain.
      expect(untext(await second)).toBe("second");
      expect(started).toEqual(["a:first", "b:second (redelivered)"]);
      held.release();
      expect(untext(await first)).toBe("first");
      await stopped;
      expect(servedA.counters.requeued).toBe(1);
      expect(busA.stats().servers[service.routingKey]).toBeUndefined();
      await servedB.stop();
    });

    it("stops consuming at once: a request sent meanwhile waits in the queue for the next server", async () => {
      const service = freshService();
      const held = latch();
      const started: string[] = [];
      const served = await (await kind.open()).serve(service, {
        echo: async (request) => {
          started.push(untext(request));
          await held.promise;
          return request;
        },
      });
      const bus = await kind.open();
      const running = bus.call(service.methods.echo, text("running"), { timeoutMs: 20_000 });
      await vi.waitFor(() => expect(started).toEqual(["running"]));
      const stopped = served.stop();
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.consumers).toBe(0), { timeout: 10_000 });
      const later = bus.call(service.methods.echo, text("later"), { timeoutMs: 20_000 });
      await vi.waitFor(async () => expect((await kind.queue(service.routingKey))?.messages).toBe(1), { timeout: 10_000 });
      held.release();
      expect(untext(await running)).toBe("running");
      await stopped;
      expect(started).toEqual(["running"]);
      const next = await (await kind.open()).serve(service, { echo: (request) => request });
      expect(untext(await later)).toBe("later");
      await next.stop();
    });

    it("aborts handlers still running at its drain deadline; one that ignores the signal cannot hold the stop, and its request goes to the next server", async () => {
      const service = freshService();
      const aborted: unknown[] = [];
      let stuck = true;
      const started = latch();
      const served = await (await kind.open()).serve(
        service,
        {
          echo: (request, context) =>
            new Promise((resolve) => {
              started.release();
              context.signal.addEventListener("abort", () => aborted.push(context.signal.reason));
              // Ignores the abort: answers only when the test says so.
              const check = setInterval(() => {
                if (!stuck) {
                  clearInterval(check);
                  resolve(request);
                }
              }, 5);
            }),
        },
        { drainTimeoutMs: 100 },
      );
      const bus = await kind.open();
      const call = bus.call(service.methods.echo, text("stuck"), { timeoutMs: 20_000 });
      await started.promise;
      await served.stop();
      expect(aborted).toHaveLength(1);
      expect(aborted[0]).toBeInstanceOf(BusClosedError);
      stuck = false;
      // Never acknowledged: the broker kept it for the next server, which answers it.
      const seen: boolean[] = [];
      const next = await (await kind.open()).serve(service, {
        echo: (request, context) => {
          seen.push(context.redelivered);
          return request;
        },
      });
      expect(untext(await call)).toBe("stuck");
      expect(seen).toEqual([true]);
      await next.stop();
    });
  });

  describe("bus.close()", () => {
    it("lets a running handler call another service and publish while it drains, refuses new intake, then closes", async () => {
      const service = freshService();
      await (await kind.open()).serve(P2pService, p2pServer);
      const held = latch();
      const inHandler = latch();
      const draining = await kind.open();
      const published: unknown[] = [];
      const watcher = await kind.open();
      await watcher.subscribe(KoinosEvents, "koinos.gossip.status", (e) => void published.push(e.message));
      await draining.serve(service, {
        echo: async (request) => {
          inHandler.release();
          await held.promise;
          // The bus is closing: these must still work.
          const status = await draining.call(P2pService.methods.getGossipStatus, {});
          await draining.publish(KoinosEvents, "koinos.gossip.status", { enabled: status.enabled });
          return request;
        },
      });
      const call = (await kind.open()).call(service.methods.echo, text("drained"), { timeoutMs: 20_000 });
      await inHandler.promise;
      const closed = draining.close();
      expect(draining.state).toBe("closing");
      await expect(draining.serve(P2pService, p2pServer)).rejects.toBeInstanceOf(BusClosedError);
      await expect(draining.subscribe(KoinosEvents, "#", () => undefined)).rejects.toBeInstanceOf(BusClosedError);
      held.release();
      expect(untext(await call)).toBe("drained");
      await closed;
      expect(draining.state).toBe("closed");
      await vi.waitFor(() => expect(published).toEqual([{ enabled: true }]));
      await expect(draining.call(P2pService.methods.getGossipStatus, {})).rejects.toBeInstanceOf(BusClosedError);
      await expect(draining.publish(KoinosEvents, "koinos.gossip.status", {})).rejects.toBeInstanceOf(BusClosedError);
    });

    it("fails calls still waiting for their reply with BusClosedError, is harmless twice, and ends bus.events() loops quietly", async () => {
      const service = freshService();
      const held = latch();
      const started = latch();
      const served = await (await kind.open()).serve(service, {
        echo: async (request) => {
          started.release();
          await held.promise;
          return request;
        },
      });
      const bus = await kind.open();
      const waiting = bus.call(service.methods.echo, text("waiting"), { timeoutMs: 20_000 }).catch((e: unknown) => e);
      const stream = await bus.events(KoinosEvents, "koinos.block.*");
      const loop = (async () => {
        for await (const event of stream) void event;
        return "ended";
      })();
      await started.promise;
      await Promise.all([bus.close(), bus.close()]);
      await bus.close();
      expect(await waiting).toBeInstanceOf(BusClosedError);
      expect(await loop).toBe("ended");
      expect(bus.stats()).toMatchObject({ state: "closed", connected: false, pendingCalls: 0, subscriptions: 0, servers: {} });
      held.release();
      await served.stop();
    });
  });

  describe("stats and bus events", () => {
    it("count what the bus does", async () => {
      const service = freshService();
      const serving = await kind.open();
      const handlerErrors: string[] = [];
      serving.on("handler-error", (e) => handlerErrors.push(String((e.error as Error).message)));
      const held = latch();
      const served = await serving.serve(service, {
        echo: async (request) => {
          if (untext(request) === "fail") throw new Error("failed on purpose");
          if (untext(request) === "hold") await held.promise;
          return request;
        },
      });
      const subscription = await serving.subscribe(KoinosEvents, "koinos.block.accept", () => undefined);
      const bus = await kind.open();
      expect(bus.stats()).toMatchObject({ state: "ready", connected: true, pendingCalls: 0, subscriptions: 0, servers: {} });
      await bus.call(service.methods.echo, text("ok"));
      await bus.call(service.methods.echo, text("fail")).catch(() => undefined);
      const holding = bus.call(service.methods.echo, text("hold"));
      await vi.waitFor(() => expect(serving.stats().servers[service.routingKey]?.inFlight).toBe(1));
      expect(bus.stats().pendingCalls).toBe(1);
      expect(serving.stats()).toMatchObject({
        state: "ready",
        subscriptions: 1,
        servers: { [service.routingKey]: { handled: 1, handlerErrors: 1, badRequests: 0, expired: 0, requeued: 0, internalErrors: 0, inFlight: 1 } },
      });
      expect(handlerErrors).toEqual(["failed on purpose"]);
      held.release();
      await holding;
      expect(bus.stats().pendingCalls).toBe(0);
      await subscription.unsubscribe();
      await served.stop();
      expect(serving.stats()).toMatchObject({ subscriptions: 0, servers: {} });
    });

    it("a listener that throws does not break the bus, and on() returns a function that stops listening", async () => {
      const service = freshService();
      const bus = await kind.open();
      const heard: string[] = [];
      bus.on("timeout", () => {
        throw new Error("listener bug");
      });
      const off = bus.on("timeout", (e) => heard.push(e.method));
      await (await (await kind.open()).serve(service, { echo: (request) => request })).stop();
      await expect(bus.call(service.methods.echo, text("x"), { timeoutMs: 50 })).rejects.toMatchObject({ code: "TIMEOUT" });
      off();
      await expect(bus.call(service.methods.echo, text("y"), { timeoutMs: 50 })).rejects.toMatchObject({ code: "TIMEOUT" });
      expect(heard).toEqual([`${service.name}.echo`]);
    });
  });

  describe("serve", () => {
    it("refuses an implementation that lacks methods, naming them, and options out of range", async () => {
      const bus = await kind.open();
      const partial = { getGossipStatus: undefined } as unknown as typeof p2pServer;
      const error = await bus.serve(P2pService, partial).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toBe("serve p2p: the implementation lacks getGossipStatus");
      await expect(bus.serve(P2pService, p2pServer, { concurrency: 0.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(bus.subscribe(KoinosEvents, "koinos..x", () => undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(bus.stats()).toMatchObject({ servers: {}, subscriptions: 0 });
    });
  });
});
