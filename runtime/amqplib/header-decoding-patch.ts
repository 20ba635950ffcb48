import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { Logger } from "../logger.js";
import { decodeBasicProperties } from "../wire/basic-properties.js";

/**
 * Makes amqplib decode message headers with bounded nesting.
 *
 * amqplib 2.3.1 decodes a header table recursively, one level per nested
 * table or array, inside its frame parser: a table nested about 4,000 deep
 * (28 KB, well within a frame) overflows the stack there, amqplib closes the
 * connection, the broker redelivers the unacknowledged message on the next
 * connection, and that kills it again, forever. No option of amqplib avoids
 * it, and replacing its `decodeFields` export does nothing: `lib/defs.js`
 * captured it when it loaded, as `lib/frame.js` captured `defs.decode` and
 * `lib/connection.js` `frame.decodeFrame`. The one place amqplib looks up
 * at run time is the method `Connection.prototype.recvFrame`, which parses
 * each frame off the socket and decodes it; that method is replaced here by
 * one that decodes content header frames (the ones carrying properties and
 * headers) with decodeBasicProperties and hands every other frame to
 * amqplib's own decodeFrame. Being on the prototype, it takes effect for
 * every connection, open or future, whatever loaded amqplib first (a test's
 * raw client, `@opentelemetry/instrumentation-amqplib`, which wraps other
 * files of amqplib) and in whatever order.
 *
 * It is applied only to the amqplib it was written against: the version must
 * be 2.3.1, `recvFrame` must be amqplib's own (same source text), and
 * decodeBasicProperties must decode a sample of every property and header
 * type exactly as amqplib does. Otherwise nothing is changed and the first
 * `connect()` says why through its logger (or a process warning without
 * one): deep headers can then take connections down again.
 */

const pinnedVersion = "2.3.1";
/** Frame type of content headers, and the class of the only properties AMQP 0.9.1 has (`basic`). */
const frameHeader = 2;
const basicClass = 60;

/** amqplib 2.3.1's `Connection.prototype.recvFrame`, whitespace collapsed. */
const originalRecvFrame =
  "recvFrame() { // %%% identifying invariants might help here? const frame = parseFrame(this.rest, this.maxFrameSize); if (!frame) { const incoming = this.stream.read(); if (incoming === null) { return false; } else { this.recvSinceLastCheck = true; this.rest = Buffer.concat([this.rest, incoming]); return this.recvFrame(); } } else { this.rest = frame.rest; return decodeFrame(frame); } }";

/** Marks the replacement, so that a second copy of this runtime in the process recognises it. */
const marker = Symbol.for("koinos-mq-ts.boundedHeaderDecoding");

/** Whether header decoding is bounded, and if not, why. */
export type HeaderDecodingState = { readonly bounded: true } | { readonly bounded: false; readonly reason: string };

interface Frame {
  readonly type: number;
  readonly channel: number;
  readonly payload: Buffer;
  readonly rest: Buffer;
}

interface AmqplibConnection {
  rest: Buffer;
  readonly maxFrameSize: number;
}

type RecvFrame = (this: AmqplibConnection) => unknown;

let state: HeaderDecodingState | undefined;
let reported = false;

/**
 * Bounds amqplib's header decoding (once per process) and returns whether
 * it is bounded. When it cannot be, says so once: through `logger` if one
 * is given, else as a process warning.
 */
export function boundHeaderDecoding(logger?: Logger): HeaderDecodingState {
  state ??= install();
  if (!state.bounded && !reported) {
    reported = true;
    const message = `koinos-mq-ts: message headers are decoded by amqplib as is (${state.reason}); a header table nested a few thousand levels deep can close connections`;
    if (logger !== undefined) logger.warn({ reason: state.reason }, message);
    else process.emitWarning(message, { code: "KOINOS_MQ_HEADER_DECODING" });
  }
  return state;
}

function install(): HeaderDecodingState {
  const require = createRequire(import.meta.url);
  // The same amqplib the runtime imports: resolved from here, by its package entry point.
  const root = dirname(require.resolve("amqplib"));
  const load = (path: string): unknown => require(join(root, path));
  const version = (load("package.json") as { version?: unknown }).version;
  if (version !== pinnedVersion) return { bounded: false, reason: `amqplib is ${String(version)}, not ${pinnedVersion}` };

  const { Connection } = load("lib/connection.js") as { Connection?: { prototype: Record<PropertyKey, unknown> } };
  const { parseFrame, decodeFrame } = load("lib/frame.js") as { parseFrame?: unknown; decodeFrame?: unknown };
  const defs = load("lib/defs.js") as { constants?: { FRAME_HEADER?: unknown }; encodeProperties?: unknown; BasicProperties?: unknown };
  const prototype = Connection?.prototype;
  const recvFrame = prototype?.["recvFrame"];
  if (prototype === undefined || typeof recvFrame !== "function") return { bounded: false, reason: "amqplib's Connection has no recvFrame method" };
  if ((recvFrame as { [marker]?: boolean })[marker] === true) return { bounded: true };
  if (recvFrame.toString().replace(/\s+/g, " ") !== originalRecvFrame) return { bounded: false, reason: "Connection.prototype.recvFrame is not amqplib's own" };
  if (typeof parseFrame !== "function" || typeof decodeFrame !== "function" || typeof defs.encodeProperties !== "function") {
    return { bounded: false, reason: "amqplib's frame codec has changed shape" };
  }
  if (defs.constants?.FRAME_HEADER !== frameHeader || defs.BasicProperties !== basicClass) return { bounded: false, reason: "amqplib's frame constants have changed" };
  const parse = parseFrame as (bytes: Buffer, max: number) => Frame | false;
  const decode = decodeFrame as (frame: Frame) => unknown;

  const sample = parse((defs.encodeProperties as (id: number, channel: number, size: number, fields: object) => Buffer)(basicClass, 3, 1234, sampleProperties), 0);
  if (sample === false || !isDeepStrictEqual(decodeContentHeader(sample, decode), decode(sample))) {
    return { bounded: false, reason: "its message properties do not decode as amqplib 2.3.1's did" };
  }

  const original = recvFrame as RecvFrame;
  const bounded: RecvFrame = function recvFrame(this: AmqplibConnection): unknown {
    const frame = parse(this.rest, this.maxFrameSize);
    // No whole frame buffered: amqplib's own reads more input, then comes back here through this.recvFrame().
    if (frame === false) return original.call(this);
    this.rest = frame.rest;
    return frame.type === frameHeader ? decodeContentHeader(frame, decode) : decode(frame);
  };
  Object.defineProperty(bounded, marker, { value: true });
  Object.defineProperty(prototype, "recvFrame", { value: bounded, writable: true, configurable: true, enumerable: false });
  return { bounded: true };
}

/** A content header frame, as amqplib's decodeFrame returns it, with the `basic` properties decoded by decodeBasicProperties. */
function decodeContentHeader(frame: Frame, decode: (frame: Frame) => unknown): unknown {
  const payload = frame.payload;
  const id = payload.readUInt16BE(0);
  if (id !== basicClass) return decode(frame);
  const size = Number(payload.readBigInt64BE(4));
  return { id, channel: frame.channel, size, fields: decodeBasicProperties(payload.subarray(12)) };
}

/** Every basic property and every header type amqplib encodes, to check decodeBasicProperties against amqplib at load. */
const sampleProperties = {
  contentType: "application/octet-stream",
  contentEncoding: "gzip",
  headers: {
    string: "é",
    byte: -5,
    short: 1000,
    int: -100000,
    long: 2 ** 40,
    double: 1.5,
    true: true,
    false: false,
    null: null,
    bytes: Buffer.from([1, 2]),
    array: [1, "two", [3], { four: 4 }],
    table: { nested: { deeper: "yes" } },
    timestamp: { "!": "timestamp", value: 1_700_000_000 },
    decimal: { "!": "decimal", value: { places: 2, digits: 314 } },
    float: { "!": "float", value: 0.5 },
    uint8: { "!": "uint8", value: 200 },
    uint16: { "!": "uint16", value: 60000 },
    uint32: { "!": "uint32", value: 4_000_000_000 },
  },
  deliveryMode: 2,
  priority: 7,
  correlationId: "c",
  replyTo: "amq.gen-r",
  expiration: "1000",
  messageId: "m",
  timestamp: 1_700_000_001,
  type: "t",
  userId: "guest",
  appId: "a",
  clusterId: "k",
};
