import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as tcpConnect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:tls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connect } from "koinos-mq-ts";
import { ChainClient, ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * amqps:// with TLS options, against a TLS front (a self-signed certificate
 * made here, forwarding to the plain broker) so the broker's own
 * configuration is left alone.
 */
const vhost = useVhost(import.meta.filename);
let dir: string;
let front: Server;
let tlsUrl: string;
let ca: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kmq-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  ca = readFileSync(join(dir, "cert.pem"));
  const broker = new URL(vhost.url);
  front = createServer({ key: readFileSync(join(dir, "key.pem")), cert: ca }, (socket) => {
    const upstream = tcpConnect(Number(broker.port), broker.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const port = (front.address() as AddressInfo).port;
  tlsUrl = `amqps://guest:guest@localhost:${port}${broker.pathname}`;
});

afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

it("calls and serves over amqps:// with the CA given in the TLS options", async () => {
  const server = await connect({ url: tlsUrl, tls: { ca } });
  const client = await connect({ url: tlsUrl, tls: { ca } });
  await server.serve(ChainService, chainServer);
  expect((await new ChainClient(client).getHeadInfo()).headTopology?.height).toBe("42");
  await Promise.all([client.close(), server.close()]);
});

it("refuses a certificate it cannot verify, saying why", async () => {
  const error = await connect({ url: tlsUrl, reconnect: { initialAttempts: 1 } }).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/self[- ]signed certificate/);
});
