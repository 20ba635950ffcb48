import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { gatewayHelp, run } from "../../cli/commands/gateway.js";
import { parseListen } from "../../cli/listen-address.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { post } from "../helpers/gateway.js";
import { useVhost } from "../helpers/vhost.js";

/** `koinos-mq gateway`: koinos-jsonrpc's flags and config file, serving descriptor files. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const root = join(import.meta.dirname, "../..");
const basedir = join(root, "test-results/gateway-command");

beforeAll(async () => {
  rmSync(basedir, { recursive: true, force: true });
  mkdirSync(join(basedir, "jsonrpc/descriptors"), { recursive: true });
  execFileSync(join(root, "node_modules/.bin/buf"), ["build", join(root, "proto"), "-o", join(basedir, "jsonrpc/descriptors/koinos_descriptors.pb")], { cwd: root, stdio: "pipe" });
  await (await openBus()).serve(ChainService, chainServer);
});

/** Runs the command until the test is done with it; its stderr as text. */
async function started(argv: string[]): Promise<{ url: string; stop: () => Promise<{ code: number; log: string }> }> {
  const controller = new AbortController();
  const stderr = new PassThrough();
  let log = "";
  stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (listening = resolve));
  const exit = run(argv, { stderr, signal: controller.signal, onListening: ({ host, port, endpoint }) => listening(`http://${host}:${port}${endpoint}`) });
  const first = await Promise.race([url, exit.then((code) => `exit ${code}: ${log}`)]);
  if (!first.startsWith("http")) throw new Error(first);
  return {
    url: first,
    stop: async () => {
      controller.abort();
      return { code: await exit, log };
    },
  };
}

const headInfo = '{"jsonrpc":"2.0","id":1,"method":"chain.get_chain_id"}';
const chainId = '{"jsonrpc":"2.0","result":{"chain_id":"a29pbm9zLXRlc3QtY2hhaW4="},"id":1}';

describe("koinos-mq gateway", () => {
  it("serves the services of <basedir>/jsonrpc/descriptors with flags of koinos-jsonrpc, and stops cleanly", async () => {
    const gateway = await started(["--basedir", basedir, "--amqp", vhost.url, "-L", "/ip4/127.0.0.1/tcp/0", "-b", "chain.propose_block,block_store.add_block"]);
    expect((await post(gateway.url, headInfo)).text).toBe(chainId);
    const refused = await post(gateway.url, '{"jsonrpc":"2.0","id":1,"method":"chain.propose_block","params":{}}');
    expect(refused.text).toContain('"data":"method blacklisted"');
    const { code, log } = await gateway.stop();
    expect(code).toBe(0);
    expect(log).toMatch(/serving chain \(koinos\.rpc\.chain\): submit_block, submit_transaction, get_head_info/);
    expect(log).toMatch(/listening on 127\.0\.0\.1:\d+\//);
  });

  it("reads config.yml: the jsonrpc section first, then global, flags over both", async () => {
    const config = join(basedir, "config.yml");
    writeFileSync(
      config,
      ["global:", `  amqp: ${vhost.url}`, "  whitelist: [chain.get_head_info]", "jsonrpc:", "  listen: 127.0.0.1:0", "  endpoint: /rpc", "  whitelist:", "    - chain.get_chain_id", "  mq-timeout: 2", ""].join("\n"),
    );
    try {
      const gateway = await started(["--basedir", basedir, "--batch", "5", "--health"]);
      expect(gateway.url).toMatch(/\/rpc$/);
      expect((await post(gateway.url, headInfo)).text).toBe(chainId);
      expect((await post(gateway.url, `[${headInfo}]`)).text).toBe(`[${chainId}]`);
      const other = await post(gateway.url, '{"jsonrpc":"2.0","id":1,"method":"chain.get_head_info"}');
      expect(other.text).toContain('"data":"method not whitelisted"');
      expect((await fetch(new URL("/health", gateway.url))).status).toBe(200);
      expect((await gateway.stop()).code).toBe(0);
    } finally {
      rmSync(config);
    }
  });

  it("exits 2 with a message for bad flags, 1 for a descriptor path with nothing in it, 3 for an unreachable broker", async () => {
    const stderr = new PassThrough();
    let log = "";
    stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    expect(await run(["--jobs", "many", "--basedir", basedir], { stderr })).toBe(2);
    expect(log).toMatch(/jobs must be a whole number above 0; got "many"/);
    expect(await run(["--listen", "8080", "--basedir", basedir], { stderr })).toBe(2);
    expect(log).toMatch(/neither a multiaddr .* nor host:port/);
    expect(await run(["--amqp", vhost.url, "--basedir", basedir, "-D", join(basedir, "nothing-here")], { stderr })).toBe(1);
    expect(log).toMatch(/nothing-here/);
    expect(await run(["--amqp", "amqp://guest:guest@127.0.0.1:1", "--basedir", basedir], { stderr })).toBe(3);
    expect(log).toMatch(/no broker at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/);
  });

  it("explains itself with --help", async () => {
    const stdout = new PassThrough();
    let text = "";
    stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    expect(await run(["--help"], { stdout })).toBe(0);
    expect(text).toBe(`${gatewayHelp}\n`);
    expect(gatewayHelp).toMatch(/--mq-timeout/);
  });
});

describe("listen addresses", () => {
  it.each([
    ["/ip4/127.0.0.1/tcp/8080", "127.0.0.1", 8080],
    ["/ip6/::1/tcp/80", "::1", 80],
    ["/tcp/8080", "", 8080],
    ["0.0.0.0:8080", "0.0.0.0", 8080],
    ["[::1]:8080", "::1", 8080],
    [":8080", "", 8080],
  ])("%s", (value, host, port) => {
    expect(parseListen(value)).toEqual({ host, port });
  });
});
