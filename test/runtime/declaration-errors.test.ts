import { expect, it } from "vitest";
import { DeclarationError } from "koinos-mq-ts";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { declareKoinosExchanges, rawAmqp } from "../helpers/raw-amqp.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const openRaw = rawAmqp(vhost.url);

it("a service queue declared by someone else with other arguments makes serve() fail with a DeclarationError saying what differs", async () => {
  const { channel } = await openRaw();
  await declareKoinosExchanges(channel);
  await channel.assertQueue("koinos.rpc.chain", { durable: false, autoDelete: false });
  const bus = await openBus();
  const error = await bus.serve(ChainService, chainServer).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeclarationError);
  expect((error as DeclarationError).code).toBe("DECLARATION_REFUSED");
  expect((error as Error).message).toContain("queue koinos.rpc.chain");
  expect((error as Error).message).toContain("it exists with durable = false, while Koinos declares it with durable = true");
  // The refusal closed one channel only: the bus still serves what it can.
  await channel.deleteQueue("koinos.rpc.chain");
  const served = await bus.serve(ChainService, chainServer);
  expect(served.definition.routingKey).toBe("koinos.rpc.chain");
});
