import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { ChainService } from "../generated/koinos/rpc/chain/chain_rpc_mq.js";
import { getHeadInfoResponse } from "../generated/koinos/rpc/chain/chain_rpc.js";
import { decodeReply } from "../runtime/rpc/decode-reply.js";
import { encodeMessage } from "../runtime/wire/encode-message.js";
import { requestBody } from "../runtime/wire/request-body.js";
import type { ResultRecord } from "./report.js";
import { median } from "./scenarios.js";
import { headInfo } from "./workload.js";

/**
 * What single pieces of a call cost, in ns, in this process with no I/O:
 * the candidates for "less per-call work", measured so that the README
 * can say which were worth doing.
 */
const method = ChainService.methods.getHeadInfo;
const reply = encodeMessage(method.responseType, headInfo, method.responseField);
const full = getHeadInfoResponse.fromPartial(headInfo);
const writer = new BinaryWriter();

const pieces: readonly { readonly name: string; readonly run: () => unknown }[] = [
  { name: "request envelope of get_head_info {}, encoded", run: () => encodeMessage(method.requestType, {}, method.requestField) },
  { name: "request envelope of get_head_info {}, cached (what calls use)", run: () => requestBody(method, {}) },
  { name: "response envelope, fromPartial + encode (what servers do)", run: () => encodeMessage(method.responseType, headInfo, method.responseField) },
  { name: "fromPartial of the response alone", run: () => getHeadInfoResponse.fromPartial(headInfo) },
  { name: "encode of a complete response alone (shared writer)", run: () => getHeadInfoResponse.encode(full, writer).finish() },
  { name: "reply decoded (envelope, strict member decode)", run: () => decodeReply(method, reply) },
  { name: "a deadline timer set and cleared", run: () => clearTimeout(setTimeout(noop, 5000)) },
  { name: "a copy of the reply body", run: () => reply.slice() },
];

function noop(): void {}

function nsPerOp(run: () => unknown, ops: number): number {
  for (let i = 0; i < ops / 10; i++) run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) run();
  return Number(process.hrtime.bigint() - started) / ops;
}

export function perCallRecords(rounds: number): ResultRecord[] {
  return pieces.map((piece) => {
    const ns = median(Array.from({ length: Math.max(3, rounds) }, () => nsPerOp(piece.run, 200_000)));
    const none = { concurrency: null, rps: null, p50_ms: null, p99_ms: null, baseline_rps: null, baseline_p50_ms: null, baseline_p99_ms: null, ratio: null };
    return { scenario: "per-call", piece: piece.name, ns, ...none };
  });
}
