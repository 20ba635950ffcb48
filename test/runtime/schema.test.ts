import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, koinosJsonFromBinary, koinosJsonToBinary } from "koinos-mq-ts";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { schemaSet } from "../../runtime/schema/index.js";
import { busFactory } from "../helpers/buses.js";
import { chainServer } from "../helpers/fixture-servers.js";
import { useVhost } from "../helpers/vhost.js";

/** Schemas at run time: from generated definitions and from descriptor files, calling with raw bytes. */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const root = join(import.meta.dirname, "../..");
const dir = join(root, "test-results/schema");

/** `buf build` of this repo's fixtures into a FileDescriptorSet file. */
function descriptorSet(name: string): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, name);
  execFileSync(join(root, "node_modules/.bin/buf"), ["build", join(root, "proto"), "-o", out], { cwd: root, stdio: "pipe" });
  return out;
}

describe.each([
  ["generated definitions", () => schemaSet({ definitions: [ChainService] })],
  ["a descriptor file", () => schemaSet({ descriptors: descriptorSet("fixtures.binpb") })],
])("a schema set from %s", (_, make) => {
  const set = make();

  it("resolves both method forms, and nothing else", () => {
    const short = set.method("chain.get_head_info");
    expect(short?.request.typeName).toBe("koinos.rpc.chain.get_head_info_request");
    expect(short?.response.typeName).toBe("koinos.rpc.chain.get_head_info_response");
    expect(set.method("koinos.rpc.chain.get_head_info")).toBe(short);
    expect(set.method("chain.reserved")).toBeUndefined();
    expect(set.method("chain.nope")).toBeUndefined();
    expect(set.method("get_head_info")).toBeUndefined();
    expect(set.service("chain")?.routingKey).toBe("koinos.rpc.chain");
  });

  it("calls a served service with the bytes Koinos JSON gives, and reads the answer back as Koinos JSON", async () => {
    await (await openBus()).serve(ChainService, chainServer);
    const bus = await openBus();
    const method = set.method("chain.get_account_rc");
    if (method === undefined) throw new Error("no chain.get_account_rc");
    const request = koinosJsonToBinary(method.request, { account: "1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2" });
    const response = await bus.call(method.raw, request);
    // The fixture server answers rc = 1000 per byte of the account (25 bytes of base58-decoded address).
    expect(koinosJsonFromBinary(method.response, response)).toEqual({ rc: "25000" });
  });
});

describe("descriptor files", () => {
  it("load from a directory of sets as koinos-jsonrpc loads them, finding services and topics with the plugin's model", () => {
    const sub = join(dir, "descriptors");
    mkdirSync(sub, { recursive: true });
    descriptorSet("descriptors/koinos_descriptors.pb");
    const set = schemaSet({ descriptors: sub });
    expect(set.services.map((s) => s.name).sort()).toEqual(["account_history", "block_store", "chain", "contract_meta_store", "indexer", "mempool", "p2p", "transaction_store"]);
    expect(set.topics.map((t) => t.topic)).toContain("koinos.event.{contract}.{name}");
    expect(set.registry.get("koinos.protocol.block")?.desc.typeName).toBe("koinos.protocol.block");
  });

  it("refuse a file that is not a descriptor, saying how to make one", () => {
    mkdirSync(dir, { recursive: true });
    const bad = join(dir, "not-a-descriptor.pb");
    writeFileSync(bad, "hello, world");
    expect(() => schemaSet({ descriptors: bad })).toThrow(InvalidArgumentError);
    expect(() => schemaSet({ descriptors: bad })).toThrow(/buf build -o/);
  });
});
