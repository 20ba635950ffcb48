import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fromPartial, RpcError, toKoinosJson, unimplemented, type DeepPartial, type KoinosType, type RequestProperties } from "koinos-mq-ts";
import { IndexerService } from "../../generated/indexer/indexer_mq.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { fixtureDescriptorSet, runCli } from "../helpers/cli.js";
import { chainServer, mempoolServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * `koinos-mq call` as a process against generated TypeScript servers on
 * RabbitMQ: Koinos JSON in, the answer as the Koinos JSON codec writes it,
 * every exit code, the input modes.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const schema = fixtureDescriptorSet("call.binpb");
const env = { AMQP_URL: vhost.url, KOINOS_MQ_SCHEMA: schema };
const cli = (args: readonly string[], input?: string) => runCli(args, input === undefined ? { env } : { env, input });

/** What the CLI must print for a server's answer: the codec's JSON of the typed response, one line. */
function expectedLine<T>(type: KoinosType<T>, partial: DeepPartial<T>, pretty = false): string {
  const json = toKoinosJson(type, fromPartial(type, partial));
  return `${pretty ? JSON.stringify(json, null, 2) : JSON.stringify(json)}\n`;
}

const account = "1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2";
const seenHeaders: RequestProperties["headers"][] = [];

beforeAll(async () => {
  const bus = await openBus();
  await bus.serve(ChainService, chainServer);
  await bus.serve(MempoolService, {
    ...mempoolServer,
    getPendingNonce: () => {
      throw new RpcError("account nonce is too low", { data: '{"code":-201}' });
    },
  });
  await bus.serve(P2pService, {
    getGossipStatus: (_, context) => {
      seenHeaders.push(context.properties.headers);
      return { enabled: true };
    },
  });
  // The indexer's queue exists and is bound, but nothing consumes it: calls to it wait.
  await (await bus.serve(IndexerService, unimplemented(IndexerService))).stop();
});

describe("a call", () => {
  it("prints the response as the Koinos JSON codec writes it, compact on one line", async () => {
    const run = await cli(["call", "chain.get_head_info"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expectedLine(ChainService.methods.getHeadInfo.responseType, chainServer.getHeadInfo({}, undefined as never)));
    // 64-bit integers as strings, hex block ids, base64url bytes:
    expect(run.stdout).toContain('"head_topology":{"id":"0xaabb","height":"42","previous":"0xcc"},"last_irreversible_block":"18446744073709551615"');
  });

  it("takes Koinos JSON requests (base58 addresses, nested messages, base64 bytes) and both method forms", async () => {
    const rc = await cli(["call", "chain.get_account_rc", JSON.stringify({ account })]);
    expect(rc.stdout).toBe('{"rc":"25000"}\n');
    const read = await cli(["call", "koinos.rpc.chain.read_contract", '{"contract_id":"1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2","entry_point":3282800625,"args":"AQID"}']);
    expect(read.stdout).toBe(expectedLine(ChainService.methods.readContract.responseType, { result: new Uint8Array([1, 2, 3]), logs: ["entry point 3282800625"] }));
    const block = { block: { id: "0x1220ab", header: { height: "7", signer: account } } };
    const submitted = await cli(["call", "chain.submit_block", JSON.stringify(block)]);
    expect(submitted.stdout).toBe('{"receipt":{"id":"0x1220ab","height":"7"}}\n');
  });

  it("indents with --pretty", async () => {
    const run = await cli(["call", "chain.get_fork_heads", "--pretty"]);
    expect(run.stdout).toBe(expectedLine(ChainService.methods.getForkHeads.responseType, chainServer.getForkHeads({}, undefined as never), true));
  });

  it("sends --header values as AMQP headers", async () => {
    const run = await cli(["call", "p2p.get_gossip_status", "-H", "x-trace=abc", "--header", "tenant=a=b"]);
    expect(run.stdout).toBe('{"enabled":true}\n');
    expect(seenHeaders.at(-1)).toMatchObject({ "x-trace": "abc", tenant: "a=b" });
  });
});

describe("input modes", () => {
  it("makes one call per line of newline-delimited JSON on stdin (@-), in order", async () => {
    const lines = ["a", "ab", "abc"].map((a) => JSON.stringify({ account: account.substring(0, 20 + a.length) }));
    const run = await cli(["call", "chain.get_account_nonce", "@-"], `${lines.join("\n")}\n`);
    expect(run.status).toBe(0);
    const expected = lines.map((l) => expectedLine(ChainService.methods.getAccountNonce.responseType, chainServer.getAccountNonce(fromPartial(ChainService.methods.getAccountNonce.requestType, fromJson(l)), undefined as never)));
    expect(run.stdout).toBe(expected.join(""));
  });

  it("reads one object spread over lines, and several objects from a file (@file)", async () => {
    const pretty = await cli(["call", "chain.get_account_rc", "@-"], `{\n  "account": "${account}"\n}\n`);
    expect(pretty.stdout).toBe('{"rc":"25000"}\n');
    const dir = join(import.meta.dirname, "../../test-results/cli");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "requests.json");
    writeFileSync(file, `{"account":"${account}"} {"account":"1A"}\n`);
    const fromFile = await cli(["call", "chain.get_account_rc", `@${file}`]);
    expect(fromFile.stdout).toBe('{"rc":"25000"}\n{"rc":"2000"}\n');
  });

  it("goes on after a request that is not Koinos JSON of its type, says which and where, and exits 2", async () => {
    const run = await cli(["call", "chain.get_account_rc", "@-"], `{"account":"${account}"}\n{"account":"0OIl"}\n{"account":"1A"}\n`);
    expect(run.stdout).toBe('{"rc":"25000"}\n{"rc":"2000"}\n');
    expect(run.stderr).toMatch(/^koinos-mq call: stdin line 2: not a request of koinos\.rpc\.chain\.get_account_rc_request: account: .*base58.*koinos-mq describe chain\.get_account_rc --template.* \(exit 2\)\n$/);
    expect(run.status).toBe(2);
  });

  it("refuses input that is not JSON objects, naming the line", async () => {
    const syntax = await cli(["call", "chain.get_account_rc", "@-"], '{"account": }\n');
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/stdin line 1: not valid JSON/);
    const array = await cli(["call", "chain.get_account_rc", "@-"], '{}\n[{"account":"1A"}]\n');
    expect(array.stdout).toBe("{}\n");
    expect(array.stderr).toMatch(/stdin line 2: expected a JSON object/);
    expect(array.status).toBe(2);
    const missing = await cli(["call", "chain.get_account_rc", "@/nonexistent/requests.json"]);
    expect(missing.stderr).toMatch(/no such file/);
    expect(missing.status).toBe(2);
  });
});

describe("exit codes", () => {
  it("1: prints a service error reply as Koinos JSON of its error_status on stderr", async () => {
    const run = await cli(["call", "mempool.get_pending_nonce", '{"payee":"1A"}']);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('{"message":"account nonce is too low","data":"{\\"code\\":-201}"}\n');
    expect(run.status).toBe(1);
  });

  it("2: an unknown method, naming the service's methods; an unknown option; no schema", async () => {
    const method = await cli(["call", "chain.get_head"]);
    expect(method.status).toBe(2);
    expect(method.stderr).toContain('chain has no method "get_head"; its methods: submit_block, submit_transaction, get_head_info');
    const option = await cli(["call", "chain.get_head_info", "--bogus"]);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--bogus'.*koinos-mq call --help/);
    const noSchema = await runCli(["call", "chain.get_head_info"], { env: { AMQP_URL: vhost.url, KOINOS_MQ_SCHEMA: undefined } });
    expect(noSchema.status).toBe(2);
    expect(noSchema.stderr).toMatch(/no schema: pass --schema <path> \(or set KOINOS_MQ_SCHEMA\)/);
  });

  it("3: no broker at the URL, saying how to give another", async () => {
    const run = await runCli(["call", "chain.get_head_info", "--amqp", "amqp://guest:guest@127.0.0.1:1"], { env: { KOINOS_MQ_SCHEMA: schema } });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^koinos-mq call: no broker accepted a connection \(amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1\).*is RabbitMQ running there, and do its user, password and vhost exist\? Give its URL with --amqp or AMQP_URL \(exit 3\)\n$/);
  });

  it("4: the service's queue exists but nothing answers within --timeout", async () => {
    const run = await cli(["call", "indexer.get_status", "--timeout", "300ms"]);
    expect(run.stderr).toBe(
      "koinos-mq call: indexer.get_status: no answer within 300 ms; the queue koinos.rpc.indexer exists, but is a indexer service consuming it (`koinos-mq status`)? A slow call needs a longer --timeout (exit 4)\n",
    );
    expect(run.status).toBe(4);
  });

  it("5: no queue is bound for the service, at once and without waiting for the timeout", async () => {
    const run = await cli(["call", "block_store.get_highest_block", "--timeout", "1m"]);
    expect(run.stderr).toBe(
      "koinos-mq call: no queue is bound to koinos.rpc under koinos.rpc.block_store: is the block_store service running on this broker? (`koinos-mq status` lists the service queues) (exit 5)\n",
    );
    expect(run.status).toBe(5);
  });
});

function fromJson(text: string): { account: Uint8Array } {
  const { account: a } = JSON.parse(text) as { account: string };
  return { account: base58(a) };
}

/** Base58 (bitcoin alphabet) decoding for the expected values. */
function base58(text: string): Uint8Array {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let n = 0n;
  for (const c of text) n = n * 58n + BigInt(alphabet.indexOf(c));
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n % 256n));
    n /= 256n;
  }
  for (const c of text) {
    if (c !== "1") break;
    bytes.unshift(0);
  }
  return new Uint8Array(bytes);
}
