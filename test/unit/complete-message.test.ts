import { readdirSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { KoinosType } from "koinos-mq-ts";
import { getHeadInfoResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { getHeadInfoResponseType } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { isCompleteMessage } from "../../runtime/wire/complete-message.js";
import { encodeMessage } from "../../runtime/wire/encode-message.js";
import { RandomMessages } from "../helpers/random-message.js";

/** Every generated <message>Type of the committed fixtures. */
const generated = join(import.meta.dirname, "../../generated");
const types: [string, KoinosType<unknown>][] = [];
for (const file of readdirSync(generated, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"))) {
  const module = (await import(join(generated, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) {
    if (name.endsWith("Type") && typeof value === "object" && value !== null && "desc" in value) types.push([name, value as KoinosType<unknown>]);
  }
}
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("isCompleteMessage", () => {
  it.each(types)("knows a decoded %s is complete, and encoding it without fromPartial gives the same bytes", (_, type) => {
    const random = new RandomMessages(11, []);
    for (let i = 0; i < 20; i++) {
      const message = type.decode(toBinary(type.desc, random.message(type.desc)));
      expect(isCompleteMessage(type.desc, message)).toBe(true);
      const reference = type.encode((type.fromPartial as (m: unknown) => unknown)(message) as never).finish();
      expect(hex(encodeMessage(type, message as never))).toBe(hex(reference));
    }
  });

  const full = getHeadInfoResponse.fromPartial({ headTopology: { id: new Uint8Array([1]), height: "5" }, lastIrreversibleBlock: "3" });
  it.each([
    ["a scalar left out", { ...full, lastIrreversibleBlock: undefined }],
    ["a null scalar", { ...full, headBlockTime: null }],
    ["a null message", { ...full, headTopology: null }],
    ["a partial nested message", { ...full, headTopology: { height: "5" } }],
    ["a key the message does not have", { ...full, headTopologie: {} }],
    ["a class instance", Object.assign(new (class Head {})(), full)],
    ["not an object", "head"],
    ["a protobuf-es message", create(getHeadInfoResponseType.desc as never)],
  ])("says %s is not complete, so fromPartial runs", (_, value) => {
    expect(isCompleteMessage(getHeadInfoResponseType.desc, value)).toBe(false);
  });

  it("takes an absent nested message as complete (ts-proto's messages are optional), and the result encodes as fromPartial's would", () => {
    const { headTopology, ...withoutTopology } = full;
    expect(headTopology).toBeDefined();
    expect(isCompleteMessage(getHeadInfoResponseType.desc, withoutTopology)).toBe(true);
    expect(hex(encodeMessage(getHeadInfoResponseType, withoutTopology))).toBe(hex(getHeadInfoResponse.encode(getHeadInfoResponse.fromPartial(withoutTopology)).finish()));
  });
});
