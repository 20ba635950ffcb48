import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { utils as koilib } from "koilib";
import { afterAll, describe, expect, it } from "vitest";
import { koinosJsonFromBinary, koinosJsonToBinary, type JsonObject } from "../../runtime/index.js";
import { jsonRegistry, jsonTestProtos, message } from "../helpers/json-fixtures.js";
import { bytesFor, koilibComparable } from "../helpers/koilib-comparable.js";
import { koilibSerializer } from "../../bench/koilib-serializer.js";
import { writeProtoTree } from "../helpers/plugin-run.js";
import { allMessages, RandomMessages } from "../helpers/random-message.js";

/**
 * Cross-check against koilib 9.1.1 (the main JS client), on what the
 * reference says it does as Koinos does: bytes per btype (base64url, base58,
 * 0x-hex) and 64-bit integers as strings. koilib's Serializer is built from
 * the same .proto sources (protobufjs parses them; see koilibSerializer).
 */
const dir = mkdtempSync(join(tmpdir(), "kmq-koilib-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeProtoTree(dir, jsonTestProtos);
const protoFiles = [
  "koinos/rpc/chain/chain_rpc.proto",
  "koinos/rpc/block_store/block_store_rpc.proto",
  "koinos/rpc/mempool/mempool_rpc.proto",
  "koinos/rpc/p2p/p2p_rpc.proto",
  "koinos/broadcast/broadcast.proto",
  "jsontest/all.proto",
];
const serializer = koilibSerializer(dir, protoFiles);
const files = jsonRegistry();
const comparable = allMessages(files.files).filter((d) => protoFiles.includes(`${d.file.name}.proto`) || d.file.name.startsWith("koinos/"));
const types = comparable.filter((d) => koilibComparable(d) && d.fields.length > 0 && serializer.root.lookup(d.typeName) !== null);

describe("koilib reads our bytes and we read its bytes, writing the same JSON", () => {
  it("covers the fixture messages koilib writes as Koinos does", () => {
    expect(types.map((d) => d.typeName)).toEqual(
      expect.arrayContaining(["koinos.protocol.block", "koinos.protocol.block_receipt", "koinos.rpc.chain.get_head_info_response", "koinos.broadcast.block_accepted", "jsontest.btypes"]),
    );
  });

  it.each(types.map((d) => [d.typeName, d] as const))("%s", async (typeName, desc) => {
    const random = new RandomMessages(11);
    for (let i = 0; i < 8; i++) {
      const bytes = toBinary(desc, random.filled(desc, bytesFor(files, random)));
      const ours = koinosJsonFromBinary(desc, bytes) as JsonObject;
      expect(await serializer.deserialize(bytes, typeName), `koilib reading our bytes #${i}`).toEqual(ours);
      const theirs = await serializer.serialize(ours, typeName);
      expect(koinosJsonFromBinary(desc, theirs), `we read koilib's bytes #${i}`).toEqual(ours);
      expect(await serializer.deserialize(koinosJsonToBinary(desc, ours), typeName), `koilib reading our JSON's bytes #${i}`).toEqual(ours);
    }
  });
});

describe("the same bytes encodings", () => {
  it.each([
    ["", "", "", "0x"],
    ["00", "AA==", "1", "0x00"],
    ["0000fbff", "AAD7_w==", "11LBG", "0x0000fbff"],
    ["fffb", "__s=", "LUr", "0xfffb"],
  ])("%s", async (hex, base64, base58, hexJson) => {
    const bytes = Uint8Array.from(Buffer.from(hex, "hex"));
    expect([koilib.encodeBase64url(bytes), koilib.encodeBase58(bytes), `0x${koilib.toHexString(bytes)}`]).toEqual([base64, base58, hexJson]);
    const json = { b64: base64, b58: base58, hex: hexJson };
    const nonEmpty = Object.fromEntries(Object.entries(json).filter(() => hex !== ""));
    expect(koinosJsonFromBinary(message("jsontest.btypes"), koinosJsonToBinary(message("jsontest.btypes"), json))).toEqual(nonEmpty);
  });
});

describe("where koilib differs, as the reference lists it", () => {
  const desc = message("koinos.rpc.chain.get_head_info_response");
  it("koilib fills unset fields with defaults; Koinos JSON leaves them out", async () => {
    const bytes = koinosJsonToBinary(desc, { last_irreversible_block: "1" });
    expect(await serializer.deserialize(bytes, "koinos.rpc.chain.get_head_info_response")).toEqual({ last_irreversible_block: "1", head_state_merkle_root: "", head_block_time: "0" });
    expect(koinosJsonFromBinary(desc, bytes)).toEqual({ last_irreversible_block: "1" });
  });

  it("koilib writes enums as numbers; Koinos JSON by name", async () => {
    const caller = message("koinos.chain.caller_data");
    const bytes = koinosJsonToBinary(caller, { caller_privilege: "user_mode" });
    expect(await serializer.deserialize(bytes, "koinos.chain.caller_data")).toMatchObject({ caller_privilege: 1 });
    expect(koinosJsonFromBinary(caller, bytes)).toEqual({ caller_privilege: "user_mode" });
  });
});
