import { decodeFieldTable } from "./field-table.js";

/**
 * Decodes the property list of a content header frame of class `basic`
 * (the properties of a message) exactly as amqplib 2.3.1's generated
 * `decodeBasicProperties` does, except that the headers table is decoded
 * with its nesting bounded (see decodeFieldTable). `bytes` starts at the
 * 16-bit property flags.
 */
export function decodeBasicProperties(bytes: Buffer): Record<string, unknown> {
  const flags = bytes.readUInt16BE(0);
  if (flags === 0) return {};
  const fields: Record<string, unknown> = {
    contentType: undefined,
    contentEncoding: undefined,
    headers: undefined,
    deliveryMode: undefined,
    priority: undefined,
    correlationId: undefined,
    replyTo: undefined,
    expiration: undefined,
    messageId: undefined,
    timestamp: undefined,
    type: undefined,
    userId: undefined,
    appId: undefined,
    clusterId: undefined,
  };
  let at = 2;
  if (flags & 0x8000) at = shortString(bytes, at, fields, "contentType");
  if (flags & 0x4000) at = shortString(bytes, at, fields, "contentEncoding");
  if (flags & 0x2000) {
    const length = bytes.readUInt32BE(at);
    fields["headers"] = decodeFieldTable(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (flags & 0x1000) fields["deliveryMode"] = bytes.readUInt8(at++);
  if (flags & 0x0800) fields["priority"] = bytes.readUInt8(at++);
  if (flags & 0x0400) at = shortString(bytes, at, fields, "correlationId");
  if (flags & 0x0200) at = shortString(bytes, at, fields, "replyTo");
  if (flags & 0x0100) at = shortString(bytes, at, fields, "expiration");
  if (flags & 0x0080) at = shortString(bytes, at, fields, "messageId");
  if (flags & 0x0040) {
    fields["timestamp"] = Number(bytes.readBigUInt64BE(at));
    at += 8;
  }
  if (flags & 0x0020) at = shortString(bytes, at, fields, "type");
  if (flags & 0x0010) at = shortString(bytes, at, fields, "userId");
  if (flags & 0x0008) at = shortString(bytes, at, fields, "appId");
  if (flags & 0x0004) shortString(bytes, at, fields, "clusterId");
  return fields;
}

/** Reads the short string at `at` into `fields[name]`; returns where the next property starts. */
function shortString(bytes: Buffer, at: number, fields: Record<string, unknown>, name: string): number {
  const end = at + 1 + bytes.readUInt8(at);
  fields[name] = bytes.toString("utf8", at + 1, end);
  return end;
}
