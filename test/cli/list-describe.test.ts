import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { koinosJsonToBinary } from "koinos-mq-ts";
import { jsonTemplate } from "../../cli/describe/json-template.js";
import { IndexerEvents, IndexerService } from "../../generated/indexer/indexer_mq.js";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { BlockStoreService } from "../../generated/koinos/rpc/block_store/block_store_rpc_mq.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { MempoolService } from "../../generated/koinos/rpc/mempool/mempool_rpc_mq.js";
import { P2pService } from "../../generated/koinos/rpc/p2p/p2p_rpc_mq.js";
import { schemaSet, type SchemaSet } from "../../runtime/schema/index.js";
import { fixtureDescriptorSet, runCli } from "../helpers/cli.js";
import { publicKoinosProto } from "../helpers/public-tree.js";

/**
 * `koinos-mq list` and `describe` as processes, over this repo's fixtures
 * (as a descriptor set file, a directory of them, and .proto files compiled
 * with buf) and over the public koinos-proto tree.
 */
const root = join(import.meta.dirname, "../..");
const schema = fixtureDescriptorSet("list-describe.binpb");
const cli = (args: readonly string[]) => runCli(args, { env: { KOINOS_MQ_SCHEMA: schema, AMQP_URL: undefined } });

describe("list", () => {
  it("lists every service with its routing key and number of methods, and every topic with its message", async () => {
    const run = await cli(["list"]);
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("services (routing key = queue, on exchange koinos.rpc)");
    for (const service of [BlockStoreService, ChainService, IndexerService, MempoolService, P2pService]) {
      const count = Object.keys(service.methods).length;
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${service.name} +${escape(service.routingKey)} +${count} methods?$`)));
    }
    expect(lines).toContain("topics (on exchange koinos.event)");
    for (const [key, type] of Object.entries({ ...KoinosEvents, ...IndexerEvents })) {
      const topic = key === "koinos.event.*.*.#" ? "koinos.event.{contract}.{name}" : key === "indexer.account.*.#" ? "indexer.account.{address}" : key;
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${escape(topic)} +${escape(type.typeName)}$`)));
    }
  });

  it("lists a service's methods as call names them, in declaration order", async () => {
    const run = await cli(["list", "chain"]);
    expect(run.stdout).toBe(Object.values(ChainService.methods).map((m) => `chain.${m.name}\n`).join(""));
    const unknown = await cli(["list", "chian"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('koinos-mq list: the schema has no service "chian"; `koinos-mq list` shows its services (exit 2)\n');
  });

  it("reads the same schema from a descriptor file, a directory of them, and a directory of .proto files (with buf)", async () => {
    const dir = join(root, "test-results/cli/descriptors");
    mkdirSync(dir, { recursive: true });
    copyFileSync(schema, join(dir, "koinos_descriptors.pb"));
    const fromFile = await cli(["list"]);
    const fromDir = await cli(["list", "--schema", dir]);
    const fromProtos = await cli(["list", "-s", join(root, "proto")]);
    expect(fromDir.stdout).toBe(fromFile.stdout);
    expect(fromProtos.stdout).toBe(fromFile.stdout);
  });

  it("lists the services and topics of the public koinos-proto tree, compiled from its .proto files", async () => {
    const run = await cli(["list", "--schema", publicKoinosProto()]);
    expect(run.stderr).toBe("");
    for (const name of ["block_store", "chain", "mempool", "p2p", "transaction_store", "contract_meta_store"]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} +koinos\\.rpc\\.${name} +\\d+ methods?$`, "m"));
    }
    expect(run.stdout).toMatch(/^ {2}koinos\.event\.\{contract\}\.\{name\} +koinos\.broadcast\.event_parcel$/m);
  });

  it("says what is wrong with a schema and what to do", async () => {
    const missing = await cli(["list", "--schema", "/nonexistent/koinos.binpb"]);
    expect(missing.stderr).toBe("koinos-mq list: --schema /nonexistent/koinos.binpb: no such file or directory (exit 2)\n");
    const notDescriptors = join(root, "test-results/cli/not-descriptors.pb");
    writeFileSync(notDescriptors, "hello");
    const bad = await cli(["list", "--schema", notDescriptors]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("not a FileDescriptorSet nor a FileDescriptorProto");
    const brokenProtos = join(root, "test-results/cli/broken-protos");
    mkdirSync(brokenProtos, { recursive: true });
    writeFileSync(join(brokenProtos, "a.proto"), 'syntax = "proto3";\nimport "koinos/options.proto";\nmessage a { bytes b = 1; }\n');
    const broken = await cli(["list", "--schema", brokenProtos]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/buf could not compile .*broken-protos:\n.*a\.proto:2:1:imported file does not exist\npoint --schema at the root of the proto tree/);
  });
});

describe("describe", () => {
  it("shows a method's request and response in proto syntax, with btypes and the JSON form of bytes and 64-bit integers", async () => {
    const run = await cli(["describe", "chain.get_head_info"]);
    expect(run.stdout).toBe(`method chain.get_head_info
  queue koinos.rpc.chain, member get_head_info of koinos.rpc.chain.chain_request
  request  koinos.rpc.chain.get_head_info_request
  response koinos.rpc.chain.get_head_info_response

message koinos.rpc.chain.get_head_info_request {}

message koinos.rpc.chain.get_head_info_response {
  koinos.block_topology head_topology = 1;
  uint64 last_irreversible_block = 2;  // JSON: decimal string
  bytes head_state_merkle_root = 3;  // JSON: base64url, padded
  uint64 head_block_time = 4;  // JSON: decimal string
}

message koinos.block_topology {
  bytes id = 1 [(koinos.btype) = BLOCK_ID];  // JSON: "0x" + hex
  uint64 height = 2;  // JSON: decimal string
  bytes previous = 3 [(koinos.btype) = BLOCK_ID];  // JSON: "0x" + hex
}
`);
  });

  it("shows a service's methods, a topic's message with its doc, a message, with oneofs, enums and repeated fields", async () => {
    const service = await cli(["describe", "mempool"]);
    expect(service.stdout).toMatch(/^service mempool\n {2}queue koinos\.rpc\.mempool .*\n {2}envelopes koinos\.rpc\.mempool\.mempool_request -> koinos\.rpc\.mempool\.mempool_response\n\nmethods:\n/);
    expect(service.stdout).toMatch(/^ {2}get_pending_nonce +koinos\.rpc\.mempool\.get_pending_nonce_request +-> +koinos\.rpc\.mempool\.get_pending_nonce_response$/m);
    const topic = await cli(["describe", "koinos.event.1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2.transfer"]);
    expect(topic.stdout).toMatch(/^topic koinos\.event\.\{contract\}\.\{name\}\n {2}binding pattern koinos\.event\.\*\.\*\.# \(parameters: contract, name\)\n {2}message koinos\.broadcast\.event_parcel\n {2}Published by the chain for each contract event/);
    expect(topic.stdout).toContain("  optional bytes transaction_id = 3 [(koinos.btype) = TRANSACTION_ID];  // JSON: \"0x\" + hex\n");
    expect(topic.stdout).toContain("  repeated bytes impacted = 5 [(koinos.btype) = ADDRESS];  // JSON: base58\n");
    const envelope = await cli(["describe", "koinos.rpc.chain.chain_request"]);
    expect(envelope.stdout).toMatch(/^message koinos\.rpc\.chain\.chain_request {\n {2}oneof request {\n {4}koinos\.rpc\.reserved_rpc reserved = 1;\n {4}koinos\.rpc\.chain\.submit_block_request submit_block = 2;\n/);
  });

  it("prints a request template in Koinos JSON that call takes as it is", async () => {
    const run = await cli(["describe", "chain.read_contract", "--template"]);
    expect(run.stdout).toBe('{"contract_id":"","entry_point":0,"args":""}\n');
    const pretty = await cli(["describe", "mempool.get_pending_nonce", "--template", "--pretty"]);
    expect(pretty.stdout).toBe('{\n  "payee": "",\n  "block_id": "0x"\n}\n');
    const service = await cli(["describe", "chain", "--template"]);
    expect(service.status).toBe(2);
    expect(service.stderr).toContain("chain is a service: a template is for one of its methods, e.g. chain.submit_block");
  });

  it("names what exists when the name is unknown", async () => {
    const method = await cli(["describe", "chain.head"]);
    expect(method.stderr).toMatch(/^koinos-mq describe: chain has no method "head"; its methods: submit_block, .*propose_block \(exit 2\)\n$/);
    const other = await cli(["describe", "nothing.here"]);
    expect(other.stderr).toBe('koinos-mq describe: the schema has no service, method, topic or message named "nothing.here"; `koinos-mq list` shows the services and topics (exit 2)\n');
  });
});

describe("templates", () => {
  /** Every request of the schema's methods and every topic's message. */
  const messagesOf = (set: SchemaSet) => [...set.services.flatMap((s) => [...s.methods.values()].map((m) => m.request)), ...set.topics.map((t) => t.message)];

  it.each([
    ["this repo's fixtures", () => schemaSet({ descriptors: schema })],
    ["the public koinos-proto tree", () => schemaSet({ descriptors: fixtureFromTree() })],
  ])("of every request and event of %s are Koinos JSON of their type, with every field but the other oneof members", (_, make) => {
    const set = make();
    const messages = messagesOf(set);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      const template = jsonTemplate(message);
      expect(() => koinosJsonToBinary(message, template, { registry: set.registry }), message.typeName).not.toThrow();
      const keys = Object.keys(template as object);
      const expected = message.fields.filter((f) => f.oneof === undefined || f.oneof.fields[0] === f).map((f) => f.name);
      expect(keys, message.typeName).toEqual(expected);
    }
  });
});

/** The public tree as a descriptor set, built with buf. */
function fixtureFromTree(): string {
  const out = join(root, "test-results/cli/public-tree.binpb");
  mkdirSync(join(root, "test-results/cli"), { recursive: true });
  execFileSync(join(root, "node_modules/.bin/buf"), ["build", publicKoinosProto(), "-o", out], { stdio: "pipe" });
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
