import { chainResponse } from "../generated/koinos/rpc/chain/chain_rpc.js";

/** A realistic small response: what the chain answers to get_head_info. */
export const headInfo = {
  headTopology: { id: new Uint8Array(34).fill(0x12), height: "12345678", previous: new Uint8Array(34).fill(0x34) },
  lastIrreversibleBlock: "12345618",
  headStateMerkleRoot: new Uint8Array(34).fill(0x56),
  headBlockTime: "1700000000000",
};

/** Its bytes in the response envelope, which the raw baseline sends back unchanged. */
export const headInfoReply = Buffer.from(chainResponse.encode(chainResponse.fromPartial({ getHeadInfo: headInfo })).finish());

/** The request envelope chain_request { get_head_info {} }. */
export const headInfoRequest = Buffer.from([0x22, 0x00]);
