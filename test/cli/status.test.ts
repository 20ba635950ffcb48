import { describe, expect, it, vi } from "vitest";
import { unimplemented } from "koinos-mq-ts";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { fixtureDescriptorSet, runCli } from "../helpers/cli.js";
import { queueInfo } from "../helpers/queue-info.js";
import { useVhost } from "../helpers/vhost.js";

/** `koinos-mq status` as a process: the service queues of the schema on the broker, through passive declarations. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const schema = fixtureDescriptorSet("status.binpb");
const env = { AMQP_URL: vhost.url, KOINOS_MQ_SCHEMA: schema };

describe("status", () => {
  it("shows which service queues exist, their consumers and waiting requests, and creates nothing", async () => {
    // Two chain servers; a mempool that ran once and stopped, with one request left in its queue; no block_store at all.
    await (await openBus()).serve(ChainService, unimplemented(ChainService));
    await (await openBus()).serve(ChainService, unimplemented(ChainService));
    const mempool = await openBus();
    await (await mempool.serve(MempoolService, unimplemented(MempoolService))).stop();
    const waiting = mempool.call(MempoolService.methods.getPendingTransactionCount, {}, { timeoutMs: 60_000 }).catch(() => "closed");
    await vi.waitFor(async () => expect((await queueInfo(vhost.url, "koinos.rpc.mempool"))?.messages).toBe(1));

    const table = await runCli(["status", "chain", "mempool", "block_store"], { env });
    expect(table.stderr).toBe("");
    expect(table.status).toBe(0);
    expect(table.stdout).toBe(
      [
        "service      queue                   consumers  messages",
        "chain        koinos.rpc.chain        2          0",
        "mempool      koinos.rpc.mempool      0          1",
        "block_store  koinos.rpc.block_store  no queue",
        "",
      ].join("\n"),
    );
    expect(await queueInfo(vhost.url, "koinos.rpc.block_store")).toBeUndefined();

    const json = await runCli(["status", "--json"], { env });
    const rows = json.stdout.trim().split("\n").map((line) => JSON.parse(line) as { service: string });
    expect(rows.map((r) => r.service)).toEqual(["account_history", "block_store", "chain", "contract_meta_store", "indexer", "mempool", "p2p", "transaction_store"]);
    expect(rows[2]).toEqual({ service: "chain", queue: "koinos.rpc.chain", present: true, consumers: 2, messages: 0 });
    expect(rows[1]).toEqual({ service: "block_store", queue: "koinos.rpc.block_store", present: false, consumers: 0, messages: 0 });
    await mempool.close();
    expect(await waiting).toBe("closed");
  });

  it("refuses a service the schema does not have (exit 2) and says when the broker is unreachable (exit 3)", async () => {
    const unknown = await runCli(["status", "chian"], { env });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('koinos-mq status: the schema has no service "chian"; `koinos-mq list` shows its services (exit 2)\n');
    const broker = await runCli(["status", "--amqp", "amqp://guest:guest@127.0.0.1:1"], { env: { KOINOS_MQ_SCHEMA: schema } });
    expect(broker.status).toBe(3);
    expect(broker.stderr).toMatch(/^koinos-mq status: no broker accepted a connection \(amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1\).*is RabbitMQ running there, and do its user, password and vhost exist\?/);
  });
});
