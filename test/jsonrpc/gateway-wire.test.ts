import { beforeAll, describe, expect, it } from "vitest";
import type { Bus } from "koinos-mq-ts";
import { RpcError, defineService } from "koinos-mq-ts";
import { ChainService, type ChainServer } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { P2P_ROUTING_KEY } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { rawBytesType } from "../../runtime/schema/raw-bytes-type.js";
import { BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { busFactory } from "../helpers/buses.js";
import { bytes, chainServer } from "../helpers/fixture-servers.js";
import { gatewayFactory, post } from "../helpers/gateway.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * The gateway on the wire, byte for byte against koinos-jsonrpc v1.2.0
 * (shared/reference/koinos-jsonrpc.md and its source): every error row, the
 * envelope, ids, escaping, HTTP statuses and headers.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const startGateway = gatewayFactory();

/** A promise released by the test: handlers wait on it instead of sleeping. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const held = gate();
const slow = gate();
const repeat = (byte: number, n: number) => new Array<number>(n).fill(byte);

const chain: ChainServer = {
  ...chainServer,
  getHeadInfo: () => ({
    headTopology: { id: bytes(0x12, 0x20, ...repeat(0xab, 32)), height: "42", previous: bytes(0x12, 0x20, ...repeat(0x01, 32)) },
    lastIrreversibleBlock: "18446744073709551000",
    headStateMerkleRoot: bytes(1, 2),
    headBlockTime: "1700000000123",
  }),
  readContract: (req) => {
    if (req.entryPoint === 1) throw new RpcError("contract reverted: insufficient balance", { data: JSON.stringify({ code: 1, logs: ["balance too low"] }) });
    if (req.entryPoint === 2) throw new RpcError("plain failure");
    return { result: req.args, logs: ["<b>&\u2028\u2029 é"] };
  },
  // Answer only once the test opens their gate: a slow service.
  getForkHeads: async () => {
    await held.wait;
    return {};
  },
  getResourceLimits: async () => {
    await slow.wait;
    return {};
  },
};

/** p2p answering its `reserved` member to get_gossip_status: neither the method's member nor error. */
const wrongP2p = defineService({
  name: "p2p",
  routingKey: P2P_ROUTING_KEY,
  requestEnvelope: "koinos.rpc.p2p.p2p_request",
  responseEnvelope: "koinos.rpc.p2p.p2p_response",
  errorField: 2,
  methods: { getGossipStatus: { name: "get_gossip_status", requestField: 2, responseField: 1, requestType: rawBytesType, responseType: rawBytesType } },
});

const services = [ChainService, BlockStoreService, P2pService];
const call = (method: string, params?: unknown, id: unknown = 1) => JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

let bus: Bus;
beforeAll(async () => {
  bus = await openBus();
  await bus.serve(ChainService, chain);
  await bus.serve(wrongP2p, { getGossipStatus: () => bytes() });
});

describe("the gateway, as koinos-jsonrpc answers", () => {
  let url = "";
  beforeAll(async () => {
    ({ url } = await startGateway({ bus, services, mqTimeoutMs: 300, blacklist: ["chain.propose_block", "koinos.rpc.block_store.add"] }));
  });

  it("answers the reference's get_head_info byte for byte, with HTTP 200 and its headers", async () => {
    const answer = await post(url, '{"jsonrpc":"2.0","id":1,"method":"chain.get_head_info","params":{}}');
    const id = `0x1220${"ab".repeat(32)}`;
    const previous = `0x1220${"01".repeat(32)}`;
    expect(answer.text).toBe(
      `{"jsonrpc":"2.0","result":{"head_topology":{"id":"${id}","height":"42","previous":"${previous}"},"last_irreversible_block":"18446744073709551000","head_state_merkle_root":"AQI=","head_block_time":"1700000000123"},"id":1}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(answer.headers.get("access-control-allow-headers")).toBe("Content-Type, Authorization");
  });

  it("takes the qualified method form, omitted params as an empty request, and any content type", async () => {
    const short = await post(url, call("chain.get_head_info", {}));
    const qualified = await post(url, call("koinos.rpc.chain.get_head_info"), { headers: { "Content-Type": "application/x-whatever" } });
    expect(qualified.text).toBe(short.text);
  });

  it("answers the reference's service error: -32603 with the service's message and data", async () => {
    const answer = await post(url, '{"jsonrpc":"2.0","id":5,"method":"chain.read_contract","params":{"contract_id":"15DJN4a8SgrbGhhGksSBASiSYjGnMU8dGL","entry_point":1}}');
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32603,"message":"contract reverted: insufficient balance","data":"{\\"code\\":1,\\"logs\\":[\\"balance too low\\"]}"},"id":5}');
  });

  it("leaves data out of a service error that has none", async () => {
    const answer = await post(url, call("chain.read_contract", { entry_point: 2 }, 6));
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32603,"message":"plain failure"},"id":6}');
  });

  it("escapes < > & U+2028 U+2029 as Go does and keeps other non-ASCII raw", async () => {
    const answer = await post(url, call("chain.read_contract", { args: "AQ==" }, "<id>"));
    expect(answer.text).toBe('{"jsonrpc":"2.0","result":{"result":"AQ==","logs":["\\u003cb\\u003e\\u0026\\u2028\\u2029 é"]},"id":"\\u003cid\\u003e"}');
  });

  it.each([
    ["0", "0"],
    ['"abc"', '"abc"'],
    ["1.0", "1.0"],
    ["1e2", "1e2"],
    ['"\\u0041"', '"\\u0041"'],
    ["null", "null"],
    ["-7", "-7"],
  ])("echoes the id %s as it came", async (id, echoed) => {
    const answer = await post(url, `{"jsonrpc":"2.0","method":"chain.get_chain_id","id": ${id} }`);
    expect(answer.text).toBe(`{"jsonrpc":"2.0","result":{"chain_id":"a29pbm9zLXRlc3QtY2hhaW4="},"id":${echoed}}`);
  });

  it("reads keys case-insensitively, the last of duplicates winning, as Go's decoder does", async () => {
    const answer = await post(url, '{"JSONRPC":"2.0","Method":"chain.nope","method":"chain.get_chain_id","ID":3}');
    expect(answer.text).toBe('{"jsonrpc":"2.0","result":{"chain_id":"a29pbm9zLXRlc3QtY2hhaW4="},"id":3}');
  });

  const parseError = (data: string) => `{"jsonrpc":"2.0","error":{"code":-32700,"message":"Unable to parse request","data":${JSON.stringify(data)}},"id":null}`;
  it.each([
    ["not JSON", "hello", "invalid character 'h' looking for beginning of value"],
    ["an empty body", "", "unexpected end of JSON input"],
    ["a truncated object", '{"jsonrpc":"2.0",', "unexpected end of JSON input"],
    ["a bad separator", '{"id" 1}', "invalid character '1' after object key"],
    ["text after the value", '{"id":1} x', "invalid character 'x' after top-level value"],
    ["an empty array", "[]", "json: cannot unmarshal array into Go value of type jsonrpc.RPCRequest"],
    ["a batch", `[${call("chain.get_head_info")}]`, "json: cannot unmarshal array into Go value of type jsonrpc.RPCRequest"],
    ["a string", '"chain.get_head_info"', "json: cannot unmarshal string into Go value of type jsonrpc.RPCRequest"],
    ["a number method", '{"jsonrpc":"2.0","id":1,"method":7}', "json: cannot unmarshal number into Go struct field RPCRequest.method of type string"],
    ["a bool jsonrpc", '{"jsonrpc":true,"id":1,"method":"chain.get_head_info"}', "json: cannot unmarshal bool into Go struct field RPCRequest.jsonrpc of type string"],
  ])("-32700 Unable to parse request for %s, id null", async (_, body, data) => {
    const answer = await post(url, body);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(parseError(data));
  });

  it("-32700 for a GET without a body, the JSON-RPC handler taking every method but OPTIONS", async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(parseError("unexpected end of JSON input"));
  });

  const invalid = (data: string, id = "null") => `{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request","data":"${data}"},"id":${id}}`;
  it.each([
    ["no id", '{"jsonrpc":"2.0","method":"chain.get_head_info"}', invalid("missing ID")],
    ["a fractional id", '{"jsonrpc":"2.0","id":1.5,"method":"chain.get_head_info"}', invalid("ID must not contain fractional parts")],
    ["an id of 2^63", '{"jsonrpc":"2.0","id":9223372036854775808,"method":"chain.get_head_info"}', invalid("ID must not contain fractional parts")],
    ["an id out of float range", '{"jsonrpc":"2.0","id":1e400,"method":"chain.get_head_info"}', invalid("invalid ID was specified")],
    ["a bool id", '{"jsonrpc":"2.0","id":true,"method":"chain.get_head_info"}', invalid("an ID must be a Number (non-fractional), String, or Null")],
    ["an object id", '{"jsonrpc":"2.0","id":{},"method":"chain.get_head_info"}', invalid("an ID must be a Number (non-fractional), String, or Null")],
    ["a null body", "null", invalid("missing ID")],
    ["no jsonrpc (id echoed)", '{"id":"x","method":"chain.get_head_info"}', invalid("invalid or missing JSON RPC version was specified", '"x"')],
    ["jsonrpc 1.0 (id echoed)", '{"jsonrpc":"1.0","id":0,"method":"chain.get_head_info"}', invalid("invalid or missing JSON RPC version was specified", "0")],
  ])("-32600 Invalid request for %s", async (_, body, expected) => {
    expect((await post(url, body)).text).toBe(expected);
  });

  const untranslatable = (data: string, id = "1") => `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Unable to translate request","data":"${data}"},"id":${id}}`;
  it.each([
    ["no dot in the method", call("get_head_info"), untranslatable("methods should be in the format service_name.method_name")],
    ["an empty method", call(""), untranslatable("methods should be in the format service_name.method_name")],
    ["an unknown service", call("mempool.get_pending_transactions"), untranslatable("invalid service name provided")],
    ["an unknown qualified service", call("koinos.rpc.nope.get_head_info"), untranslatable("invalid service name provided")],
    ["an unknown method", call("chain.get_nothing"), untranslatable("unknown method")],
    ["the reserved member", call("chain.reserved"), untranslatable("unknown method")],
    ["a blacklisted method", call("chain.propose_block", {}), untranslatable("method blacklisted")],
    ["a method under a blacklisted prefix", call("block_store.add_block", {}), untranslatable("method blacklisted")],
    ["params null", call("chain.get_head_info", null), untranslatable("parameters could not be parsed")],
    ["params an array", call("chain.get_head_info", []), untranslatable("parameters could not be parsed")],
    ["params a string", call("chain.get_head_info", "x"), untranslatable("parameters could not be parsed")],
    ["a field of the wrong type", call("chain.read_contract", { entry_point: "one" }), untranslatable("parameters could not be parsed")],
    ["bad base58", call("chain.get_account_rc", { account: "0OIl" }), untranslatable("parameters could not be parsed")],
    ["bad base64", call("chain.read_contract", { args: "AQ" }), untranslatable("parameters could not be parsed")],
    ["base64 with +", call("chain.read_contract", { args: "+/8=" }), untranslatable("parameters could not be parsed")],
    ["hex without 0x", call("block_store.get_blocks_by_id", { block_ids: ["1220"] }), untranslatable("parameters could not be parsed")],
    ["hex of odd length", call("block_store.get_blocks_by_id", { block_ids: ["0x122"] }), untranslatable("parameters could not be parsed")],
  ])("-32601 Unable to translate request for %s", async (_, body, expected) => {
    expect((await post(url, body)).text).toBe(expected);
  });

  it("-32603 with data `rpc failed, context deadline exceeded` when the service does not answer within mq-timeout", async () => {
    const answer = await post(url, call("chain.get_fork_heads", {}, 9));
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32603,"message":"An internal server error has occurred","data":"rpc failed, context deadline exceeded"},"id":9}');
  });

  it("-32603 Unexpected response when the reply sets neither the method's member nor error", async () => {
    const answer = await post(url, call("p2p.get_gossip_status", {}, 10));
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32603,"message":"Unexpected response"},"id":10}');
  });

  it("-32603 at once, saying why, when no queue is bound for the service", async () => {
    const answer = JSON.parse((await post(url, call("block_store.get_highest_block", {}, 11))).text) as { error: { code: number; message: string; data: string } };
    expect(answer.error.code).toBe(-32603);
    expect(answer.error.message).toBe("An internal server error has occurred");
    expect(answer.error.data).toMatch(/^rpc failed, .*no queue is bound to koinos\.rpc under koinos\.rpc\.block_store/);
  });

  it("OPTIONS: 204, no body, the CORS headers", async () => {
    const response = await fetch(url, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
  });
});

describe("limits", () => {
  it("-32602 when the encoded request is over maxRequestBytes", async () => {
    const { url } = await startGateway({ bus, services, maxRequestBytes: 16 });
    const answer = await post(url, call("chain.read_contract", { args: Buffer.alloc(32).toString("base64") }));
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32602,"message":"Request exceeds maximum message size","data":"parameters could not be parsed"},"id":1}');
  });

  it("-32602 for a body over maxBodyBytes, without reading it whole", async () => {
    const { url } = await startGateway({ bus, services, maxBodyBytes: 1024 });
    const answer = await post(url, call("chain.read_contract", { args: Buffer.alloc(4096).toString("base64") }));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"jsonrpc":"2.0","error":{"code":-32602,"message":"Request exceeds maximum message size","data":"parameters could not be parsed"},"id":null}');
  });

  it("answers only on its endpoint, 404 elsewhere, as Go's ServeMux", async () => {
    const { url } = await startGateway({ bus, services, endpoint: "/rpc" });
    expect((await post(`${url}other`, call("chain.get_chain_id"))).status).toBe(404);
    const answer = await post(`${url}rpc`, call("chain.get_chain_id"));
    expect(answer.text).toBe('{"jsonrpc":"2.0","result":{"chain_id":"a29pbm9zLXRlc3QtY2hhaW4="},"id":1}');
  });

  it("whitelists by prefix: everything else is -32601 method not whitelisted", async () => {
    const { url } = await startGateway({ bus, services, whitelist: ["chain.get_"] });
    expect((await post(url, call("chain.get_chain_id"))).text).toContain('"result"');
    expect((await post(url, call("chain.read_contract", {}))).text).toBe(untranslatableText("method not whitelisted"));
  });
});

const untranslatableText = (data: string) => `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Unable to translate request","data":"${data}"},"id":1}`;

describe("the worker pool", () => {
  it("answers 504 with an empty body when no worker frees up within the gateway timeout, then serves the rest", async () => {
    // One worker, a queue of two: the fourth request waits for a place and gives up.
    const { url, gateway } = await startGateway({ bus, services, jobs: 1, gatewayTimeoutMs: 200, mqTimeoutMs: 20_000 });
    const first = [0, 1, 2].map((i) => post(url, call("chain.get_resource_limits", {}, i)));
    await expect.poll(() => gateway.stats()).toEqual({ running: 1, queued: 2, eventStreams: 0 });
    const refused = await post(url, call("chain.get_resource_limits", {}, 3));
    expect(refused.status).toBe(504);
    expect(refused.text).toBe("");
    slow.open();
    const answers = await Promise.all(first);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.text)).toEqual([0, 1, 2].map((i) => `{"jsonrpc":"2.0","result":{},"id":${i}}`));
  });

  it("answers 503 while shutting down, and finishes the request it was answering", async () => {
    const { url, gateway } = await startGateway({ bus, services, jobs: 1, mqTimeoutMs: 20_000 });
    const answering = post(url, call("chain.get_fork_heads", {}, 1));
    await expect.poll(() => gateway.stats().running).toBe(1);
    const queued = post(url, call("chain.get_chain_id", {}, 2));
    await expect.poll(() => gateway.stats().queued).toBe(1);
    const closing = gateway.close();
    expect((await queued).status).toBe(503);
    const late = await post(url, call("chain.get_chain_id", {}, 3));
    expect(late.status).toBe(503);
    held.open();
    expect((await answering).text).toBe('{"jsonrpc":"2.0","result":{},"id":1}');
    await closing;
  });
});
