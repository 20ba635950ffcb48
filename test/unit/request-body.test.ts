import { describe, expect, it } from "vitest";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { chainRequest } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { requestBody } from "../../runtime/wire/request-body.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("requestBody", () => {
  it("encodes an empty request once per method, with the bytes protobuf gives", () => {
    const method = ChainService.methods.getHeadInfo;
    const first = requestBody(method, {});
    expect(requestBody(method, {})).toBe(first);
    expect(hex(first)).toBe(hex(chainRequest.encode(chainRequest.fromPartial({ getHeadInfo: {} })).finish()));
    expect(hex(requestBody(ChainService.methods.getChainId, {}))).toBe("2a00");
  });

  it("encodes every other request afresh", () => {
    const method = ChainService.methods.getAccountRc;
    const a = requestBody(method, { account: new Uint8Array([1]) });
    const b = requestBody(method, { account: new Uint8Array([2]) });
    expect(hex(a)).toBe(hex(chainRequest.encode(chainRequest.fromPartial({ getAccountRc: { account: new Uint8Array([1]) } })).finish()));
    expect(hex(b)).not.toBe(hex(a));
    // An object with an inherited field is not an empty plain object.
    const inherited = Object.create({ account: new Uint8Array([3]) }) as { account: Uint8Array };
    expect(requestBody(method, inherited)).not.toBe(requestBody(method, {}));
  });
});
