import { describe, expect, it } from "vitest";
import { RpcError, UnexpectedResponseError } from "koinos-mq-ts";
import { errorDetails } from "../../generated/koinos/chain/error.js";
import { chainResponse, getHeadInfoResponse } from "../../generated/koinos/rpc/chain/chain_rpc.js";
import { ChainService } from "../../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { decodeReply } from "../../runtime/rpc/decode-reply.js";
import { encodeEnvelope } from "../../runtime/wire/envelope.js";
import { encodeErrorStatus } from "../../runtime/wire/error-status.js";

/** What a call of chain.get_head_info resolves or rejects with, for each reply a server may send. */
const getHeadInfo = ChainService.methods.getHeadInfo;
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/ /g, ""), "hex"));
const head = getHeadInfoResponse.fromPartial({ headTopology: { height: "42", id: new Uint8Array([1]) }, lastIrreversibleBlock: "40" });
const headBytes = getHeadInfoResponse.encode(head).finish();

function rejection(content: Uint8Array): unknown {
  try {
    decodeReply(getHeadInfo, content);
  } catch (error) {
    return error;
  }
  throw new Error("decodeReply returned a response");
}

describe("decodeReply", () => {
  it("returns the method's member, decoded", () => {
    expect(decodeReply(getHeadInfo, encodeEnvelope(5, headBytes))).toEqual(head);
    expect(decodeReply(getHeadInfo, chainResponse.encode({ getHeadInfo: head }).finish())).toEqual(head);
  });

  it("skips fields the response envelope does not have, as Go and C++ do", () => {
    const withUnknown = Buffer.concat([encodeEnvelope(5, headBytes), bytes("fa0100 0801")]);
    expect(decodeReply(getHeadInfo, withUnknown)).toEqual(head);
  });

  it("throws the error member as an RpcError with its data, details and code", () => {
    const details = [{ typeUrl: "type.googleapis.com/koinos.chain.error_details", value: errorDetails.encode({ code: -201, logs: ["nonce"] }).finish() }];
    const error = rejection(encodeEnvelope(2, encodeErrorStatus({ message: "invalid nonce", data: '{"code":-201}', details })));
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ message: "chain.get_head_info: invalid nonce", reason: "invalid nonce", data: '{"code":-201}', errorCode: -201, method: "chain.get_head_info" });
    expect((error as RpcError).unpack("koinos.chain.error_details", errorDetails)).toEqual({ code: -201, logs: ["nonce"] });
  });

  it("reads the C++ chain's parse-error reply byte for byte", () => {
    // koinos-chain's reply to a request it cannot parse (reference notes §8).
    const reply = bytes(`125a0a14${Buffer.from("received bad message").toString("hex")}120c${Buffer.from('{"code":100}').toString("hex")}52340a2e${Buffer.from("type.googleapis.com/koinos.chain.error_details").toString("hex")}12020864`);
    expect(rejection(reply)).toMatchObject({ reason: "received bad message", errorCode: 100, details: [{ typeUrl: "type.googleapis.com/koinos.chain.error_details", value: bytes("0864") }] });
  });

  it.each([
    ["another method's member", encodeEnvelope(6, new Uint8Array()), /the reply sets member 6 of koinos\.rpc\.chain\.chain_response, neither get_head_info \(5\) nor error \(2\)$/],
    ["the reserved member", encodeEnvelope(1, new Uint8Array()), /sets member 1 /],
    ["no member, as Go stores that swallow their errors send", new Uint8Array(), /the reply sets no member of /],
    ["only a field the envelope does not have", bytes("fa0100"), /the reply sets member 31 /],
    ["bytes that are not protobuf", bytes("ffff"), /the reply is not a valid koinos\.rpc\.chain\.chain_response$/],
    ["an envelope length over 32 bits", bytes("2a 8080808010"), /the reply is not a valid /],
    ["a member that does not decode", encodeEnvelope(5, bytes("0a05 0102")), /the reply's get_head_info member does not decode$/],
    ["a length over 32 bits inside the member", encodeEnvelope(5, bytes("0a 8080808010")), /the reply's get_head_info member does not decode$/],
    ["an error member that does not decode", encodeEnvelope(2, bytes("0a05 41")), /the reply's error member does not decode$/],
    ["an error member with a length over 32 bits", encodeEnvelope(2, bytes("0a 8080808010")), /the reply's error member does not decode$/],
  ])("throws UnexpectedResponseError for %s", (_, content, message) => {
    const error = rejection(content);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/^chain\.get_head_info: /);
    expect((error as Error).message).toMatch(message);
  });

  it("keeps what failed to decode as the cause", () => {
    expect((rejection(bytes("2a 8080808010")) as Error).cause).toMatchObject({ message: "varint at byte 1 is over 32 bits where a tag, a length or a uint32 belongs" });
  });
});
