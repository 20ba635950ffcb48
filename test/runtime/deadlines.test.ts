import { describe, expect, it, vi } from "vitest";
import type { CallContext } from "koinos-mq-ts";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { chainRequest, chainResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

/** What a handler learns of its caller's deadline. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

describe("CallContext.deadline", () => {
  const seen: { deadline: number | undefined; header: unknown }[] = [];
  const recording = {
    ...chainServer,
    getChainId: (_: unknown, context: CallContext) => {
      seen.push({ deadline: context.deadline, header: context.properties.headers?.["x-koinos-deadline"] });
      return { chainId: new Uint8Array([1]) };
    },
  };

  it("is the absolute deadline our client sends in the x-koinos-deadline header", async () => {
    await (await openBus()).serve(ChainService, recording);
    const before = Date.now();
    await new ChainClient(await openBus()).getChainId({}, { timeoutMs: 60_000 });
    const last = seen.at(-1);
    expect(typeof last?.header).toBe("number");
    expect(last?.deadline).toBe(last?.header);
    expect(last?.deadline).toBeGreaterThanOrEqual(before + 60_000);
    expect(last?.deadline).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it("is arrival + expiration for a Go or C++ caller, which sends no header; undefined without either", async () => {
    const { channel } = await openRaw();
    await declareKoinosExchanges(channel);
    const { queue } = await channel.assertQueue("", { exclusive: true });
    await channel.bindQueue(queue, "koinos.rpc", queue);
    const replies: Buffer[] = [];
    await channel.consume(queue, (m) => void (m && replies.push(m.content)), { noAck: true });
    const body = Buffer.from(chainRequest.encode(chainRequest.fromPartial({ getChainId: {} })).finish());
    const send = (expiration: string | undefined) =>
      channel.publish("koinos.rpc", "koinos.rpc.chain", body, { replyTo: queue, correlationId: `c${replies.length}`, contentType: "application/octet-stream", ...(expiration === undefined ? {} : { expiration }) });
    const before = Date.now();
    send("7000");
    send(undefined);
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    const after = Date.now();
    for (const reply of replies) expect([...(chainResponse.decode(reply).getChainId?.chainId ?? [])]).toEqual([1]);
    const [withTtl, without] = seen.slice(-2);
    expect(withTtl?.header).toBeUndefined();
    expect(withTtl?.deadline).toBeGreaterThanOrEqual(before + 7000);
    expect(withTtl?.deadline).toBeLessThanOrEqual(after + 7000);
    expect(without?.deadline).toBeUndefined();
  });
});
