import { connect, type ConsumeMessage } from "amqplib";
import { headInfoReply, headInfoRequest } from "./workload.js";

/**
 * The floor: hand-written amqplib doing the same exchange with the same
 * topology, socket options, prefetch and properties, echoing the same bytes,
 * with no decoding, no deadlines and no bookkeeping beyond a map of pending calls.
 */
export async function rawRpc(url: string, prefetch: number) {
  const socket = { noDelay: true };
  const heartbeat = (u: string) => `${u}${u.includes("?") ? "&" : "?"}heartbeat=10`;
  const serverConnection = await connect(heartbeat(url), { ...socket, clientProperties: { connection_name: "bench-raw-server" } });
  const clientConnection = await connect(heartbeat(url), { ...socket, clientProperties: { connection_name: "bench-raw-client" } });
  const exchange = { durable: true, autoDelete: false, internal: false };

  const server = await serverConnection.createChannel();
  await server.prefetch(prefetch);
  await server.assertExchange("koinos.rpc", "direct", exchange);
  await server.assertQueue("koinos.rpc.chain", { durable: true, exclusive: false, autoDelete: false });
  await server.bindQueue("koinos.rpc.chain", "koinos.rpc", "koinos.rpc.chain");
  await server.consume("koinos.rpc.chain", (msg) => {
    if (msg === null) return;
    server.publish("koinos.rpc", msg.properties.replyTo, headInfoReply, { correlationId: msg.properties.correlationId, contentType: msg.properties.contentType });
    server.ack(msg);
  });

  const client = await clientConnection.createChannel();
  await client.assertExchange("koinos.rpc", "direct", exchange);
  const { queue } = await client.assertQueue("", { durable: false, exclusive: true, autoDelete: true });
  await client.bindQueue(queue, "koinos.rpc", queue);
  const pending = new Map<string, (m: ConsumeMessage) => void>();
  await client.consume(queue, (msg) => msg !== null && pending.get(msg.properties.correlationId)?.(msg), { noAck: true });
  let next = 0;
  const call = () =>
    new Promise<ConsumeMessage>((resolve) => {
      const id = String(next++);
      pending.set(id, (m) => {
        pending.delete(id);
        resolve(m);
      });
      client.publish("koinos.rpc", "koinos.rpc.chain", headInfoRequest, {
        correlationId: id,
        replyTo: queue,
        contentType: "application/octet-stream",
        expiration: "5000",
        deliveryMode: 2,
        mandatory: true,
      });
    });
  return {
    call,
    close: async () => {
      await clientConnection.close();
      await serverConnection.close();
    },
  };
}
