import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { errorDetailsType } from "../../generated/koinos/chain/error_mq.js";
import { chainResponse, getHeadInfoResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainService, file_koinos_rpc_chain_chain_rpc } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { createTypeRegistry, defineService, KoinosJsonError } from "../../runtime/index.js";
import { compileProtos, fixtures } from "../helpers/plugin-run.js";

/**
 * Lookups by full proto name, as a gateway or a CLI makes them: protobuf
 * bytes + type name -> Koinos JSON, and back.
 */
const setBytes = toBinary(FileDescriptorSetSchema, fixtures());

describe("createTypeRegistry", () => {
  it("takes a FileDescriptorSet as bytes (what buf build -o and protoc --descriptor_set_out write), with every message of every file", () => {
    const registry = createTypeRegistry(setBytes);
    const type = registry.get("koinos.rpc.chain.get_head_info_response");
    expect(type?.typeName).toBe("koinos.rpc.chain.get_head_info_response");
    expect(type?.desc.fields.map((f) => f.name)).toEqual(["head_topology", "last_irreversible_block", "head_state_merkle_root", "head_block_time"]);
    expect(type?.codec).toBeUndefined();
    expect(registry.get("koinos.broadcast.block_accepted")).toBeDefined();
    expect(registry.get("google.protobuf.Any")).toBeDefined();
    expect(registry.get("no.such_type")).toBeUndefined();
  });

  it("takes a parsed FileDescriptorSet, a file descriptor with its imports, a message descriptor", () => {
    expect(createTypeRegistry(fixtures()).get("indexer.account_activity")).toBeDefined();
    const fromFile = createTypeRegistry(file_koinos_rpc_chain_chain_rpc);
    expect(fromFile.get("koinos.rpc.chain.chain_request")).toBeDefined();
    expect(fromFile.get("koinos.protocol.block")).toBeDefined();
    expect(fromFile.get("koinos.rpc.error_status")).toBeDefined();
    expect(fromFile.get("indexer.account_activity")).toBeUndefined();
    expect(createTypeRegistry(errorDetailsType.desc).get("koinos.chain.error_details")?.codec).toBeUndefined();
  });

  it("takes service definitions and event maps, keeping their generated codecs", () => {
    const registry = createTypeRegistry(ChainService, KoinosEvents);
    expect(registry.get("koinos.rpc.chain.get_head_info_response")?.codec).toBe(ChainService.methods.getHeadInfo.responseType);
    expect(registry.get("koinos.broadcast.block_accepted")?.codec).toBe(KoinosEvents["koinos.block.accept"]);
    expect(registry.get("koinos.rpc.chain.chain_response")?.codec).toBeUndefined();
  });

  it("lets a generated codec take the place of a descriptor-only entry, and merges registries", () => {
    const registry = createTypeRegistry(setBytes, ChainService);
    expect(registry.get("koinos.rpc.chain.get_head_info_response")?.codec).toBe(ChainService.methods.getHeadInfo.responseType);
    const merged = createTypeRegistry(createTypeRegistry(errorDetailsType), registry);
    expect(merged.get("koinos.chain.error_details")?.codec).toBe(errorDetailsType);
    expect([...merged.types()].length).toBe([...registry.types()].length);
  });

  it("refuses a service definition whose codecs have no descriptor", () => {
    const bare = defineService({
      name: "bare",
      routingKey: "koinos.rpc.bare",
      requestEnvelope: "bare.bare_request",
      responseEnvelope: "bare.bare_response",
      errorField: 2,
      methods: { ping: { name: "ping", requestField: 2, responseField: 3, requestType: getHeadInfoResponse, responseType: getHeadInfoResponse } },
    });
    expect(() => createTypeRegistry(bare)).toThrow("bare.ping request: the message type has no descriptor");
  });
});

describe("a registry converts by type name", () => {
  const registry = createTypeRegistry(setBytes);

  it("protobuf bytes to Koinos JSON and back: a chain_response envelope, as a gateway gets it from the bus", () => {
    const envelope = chainResponse.encode(chainResponse.fromPartial({ getHeadInfo: { headTopology: { height: "42" }, lastIrreversibleBlock: "40" } })).finish();
    const json = registry.toJson("koinos.rpc.chain.chain_response", envelope);
    expect(json).toEqual({ get_head_info: { head_topology: { height: "42" }, last_irreversible_block: "40" } });
    expect(chainResponse.decode(registry.fromJson("koinos.rpc.chain.chain_response", json))).toEqual(chainResponse.decode(envelope));
  });

  it("writes a request envelope as the README says: chain_request { get_head_info {} } is 22 00", () => {
    expect([...registry.fromJson("koinos.rpc.chain.chain_request", { get_head_info: {} })]).toEqual([0x22, 0x00]);
  });

  it("resolves Any through itself", () => {
    const details = registry.fromJson("koinos.rpc.error_status", { message: "x", details: [{ "@type": "type.googleapis.com/koinos.chain.error_details", code: -201 }] });
    expect(registry.toJson("koinos.rpc.error_status", details)).toEqual({ message: "x", details: [{ "@type": "type.googleapis.com/koinos.chain.error_details", code: -201 }] });
  });

  it("refuses an unknown type name", () => {
    expect(() => registry.toJson("koinos.rpc.chain.nope", new Uint8Array(0))).toThrow(KoinosJsonError);
    expect(() => registry.fromJson("nope", {})).toThrow("unknown message type nope: not in the registry");
  });

  it("loads a descriptor set of types this code was never generated for", () => {
    const other = createTypeRegistry(
      toBinary(
        FileDescriptorSetSchema,
        compileProtos({ "other/thing.proto": 'syntax = "proto3";\npackage other;\nimport "koinos/options.proto";\nmessage thing { bytes owner = 1 [(koinos.btype) = ADDRESS]; uint64 n = 2; }' }),
      ),
    );
    expect(other.toJson("other.thing", other.fromJson("other.thing", { owner: "1", n: 5 }))).toEqual({ owner: "1", n: "5" });
  });
});
