import type { Channel, ChannelModel } from "amqplib";

/**
 * Hand-built AMQP 0.9.1 frames, for messages amqplib cannot send: its
 * encoder recurses too, and its 64 KiB property buffer cannot hold a header
 * table nested 10,000 deep. The frames go out on a channel amqplib opened,
 * written straight to its socket.
 */

/** A header table (its 32-bit length included) holding `key` -> table -> table ... `depth` tables deep. */
export function deepTable(depth: number): Buffer {
  // Each level is: length (4), key length (1), key "d" (1), tag "F" (1), then the next table.
  const out = Buffer.alloc(4 + 7 * depth);
  let at = 0;
  for (let level = depth; level >= 1; level--) {
    at = out.writeUInt32BE(7 * level, at);
    at = out.writeUInt8(1, at);
    at += out.write("dF", at, "latin1");
  }
  out.writeUInt32BE(0, at);
  return out;
}

/** A header table holding `key` -> array -> array ... `depth` arrays deep. */
export function deepArray(depth: number): Buffer {
  // The table: length (4), key length (1), key "a" (1), then "A" + length (5) per level.
  const out = Buffer.alloc(4 + 2 + 5 * depth);
  let at = out.writeUInt32BE(2 + 5 * depth, 0);
  at = out.writeUInt8(1, at);
  at += out.write("a", at, "latin1");
  for (let level = depth; level >= 1; level--) {
    at += out.write("A", at, "latin1");
    at = out.writeUInt32BE(5 * (level - 1), at);
  }
  return out;
}

/** The properties a frame carries besides the headers table (already encoded). */
export interface RawProperties {
  readonly contentType?: string;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly headers: Buffer;
}

/** basic.publish, its content header and its body, as one buffer of three frames on `channel`. */
export function publishFrames(channel: number, exchange: string, routingKey: string, body: Uint8Array, properties: RawProperties): Buffer {
  const method = Buffer.concat([Buffer.from([0, 60, 0, 40, 0, 0]), shortString(exchange), shortString(routingKey), Buffer.from([0])]);
  // Property flags in AMQP order: content-type, content-encoding, headers, ..., correlation-id, reply-to.
  let flags = 0x2000;
  const list: Buffer[] = [];
  if (properties.contentType !== undefined) {
    flags |= 0x8000;
    list.push(shortString(properties.contentType));
  }
  list.push(properties.headers);
  if (properties.correlationId !== undefined) {
    flags |= 0x0400;
    list.push(shortString(properties.correlationId));
  }
  if (properties.replyTo !== undefined) {
    flags |= 0x0200;
    list.push(shortString(properties.replyTo));
  }
  const header = Buffer.alloc(14);
  header.writeUInt16BE(60, 0);
  header.writeBigUInt64BE(BigInt(body.length), 4);
  header.writeUInt16BE(flags, 12);
  return Buffer.concat([frame(1, channel, method), frame(2, channel, Buffer.concat([header, ...list])), frame(3, channel, Buffer.from(body))]);
}

/**
 * Publishes with hand-built frames through an amqplib connection: `channel`
 * must be one of its channels that nothing else publishes on.
 */
export function publishRaw(connection: ChannelModel, channel: Channel, exchange: string, routingKey: string, body: Uint8Array, properties: RawProperties): void {
  const number = (channel as unknown as { ch?: unknown }).ch;
  const socket = (connection as unknown as { connection?: { sendBytes?: unknown } }).connection;
  if (typeof number !== "number" || typeof socket?.sendBytes !== "function") throw new Error("not an amqplib 2.x connection and channel");
  (socket.sendBytes as (bytes: Buffer) => void).call(socket, publishFrames(number, exchange, routingKey, body, properties));
}

function shortString(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function frame(type: number, channel: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(7);
  head.writeUInt8(type, 0);
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([0xce])]);
}
