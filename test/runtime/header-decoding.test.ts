import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundHeaderDecoding } from "../../runtime/amqplib/header-decoding-patch.js";
import { decodeBasicProperties } from "../../runtime/wire/basic-properties.js";
import { decodeFieldTable, maxHeaderDepth } from "../../runtime/wire/field-table.js";
import { headerDepthProblem, measureHeaders } from "../../runtime/wire/header-size.js";
import { deepArray, deepTable } from "../helpers/amqp-frames.js";

/**
 * The runtime's bounded decoding of message headers, against amqplib 2.3.1's
 * own codec (the real one, loaded from node_modules): the same values for
 * every table amqplib can decode, and a bounded result for those it cannot.
 */
const require = createRequire(import.meta.url);
const amqplib = dirname(require.resolve("amqplib"));
const codec = require(join(amqplib, "lib/codec.js")) as { encodeTable(buffer: Buffer, value: object, offset: number): number; decodeFields(slice: Buffer): unknown };
const defs = require(join(amqplib, "lib/defs.js")) as { encodeProperties(id: number, channel: number, size: number, fields: object): Buffer; decode(id: number, bytes: Buffer): unknown };
const { Connection } = require(join(amqplib, "lib/connection.js")) as { Connection: { prototype: { recvFrame: unknown } } };

function encodeTable(table: object): Buffer {
  const scratch = Buffer.alloc(1 << 16);
  const length = codec.encodeTable(scratch, table, 0);
  return scratch.subarray(4, length);
}

const tables: Record<string, object> = {
  empty: {},
  "W3C trace context": { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", tracestate: "congo=t61rcWkgMzE" },
  "every number width": { byte: -128, short: -32768, int: 2 ** 31 - 1, long: -(2 ** 53), double: 0.1, big: 2 ** 64 },
  "strings, booleans, null and bytes": { text: "Grüße ✓", empty: "", yes: true, no: false, nothing: null, bytes: Buffer.from([0, 255, 7]) },
  "typed values": {
    timestamp: { "!": "timestamp", value: 1_700_000_000 },
    decimal: { "!": "decimal", value: { places: 3, digits: 12345 } },
    float: { "!": "float", value: 2.5 },
    uint8: { "!": "uint8", value: 255 },
    uint16: { "!": "uint16", value: 65535 },
    uint32: { "!": "uint32", value: 4_294_967_295 },
    int64: { "!": "int64", value: 42 },
  },
  "x-death, an array of tables": { "x-death": [{ count: 1, reason: "expired", queue: "q", time: { "!": "timestamp", value: 1 }, "routing-keys": ["a", "b"] }] },
  "arrays of arrays and tables of tables": { a: [[1, [2, [3, []]]], { t: [{}] }], t: { u: { v: { w: "deep" } } } },
  [`nesting exactly ${maxHeaderDepth} levels`]: nest(maxHeaderDepth),
};

/** `{ d: { d: ... "end" } }` with `levels` tables under the top one. */
function nest(levels: number): object {
  let table: object = { end: "here" };
  for (let i = 0; i < levels; i++) table = { d: table };
  return table;
}

describe("decodeFieldTable", () => {
  it.each(Object.entries(tables))("decodes %s as amqplib does", (_, table) => {
    const wire = encodeTable(table);
    expect(decodeFieldTable(wire)).toStrictEqual(codec.decodeFields(wire));
  });

  it(`cuts a table nested ${maxHeaderDepth + 1} levels deep, saying what it was`, () => {
    const decoded = decodeFieldTable(encodeTable(nest(maxHeaderDepth + 1)));
    let value: unknown = decoded;
    for (let i = 0; i < maxHeaderDepth; i++) value = (value as { d: unknown }).d;
    expect(value).toEqual({ d: { "!": "truncated", value: { type: "table", bytes: 17 } } });
  });

  it("decodes a table 10,000 deep, which amqplib's decoder cannot", () => {
    const wire = deepTable(10_000).subarray(4);
    expect(() => codec.decodeFields(wire)).toThrow(RangeError);
    const decoded = decodeFieldTable(wire);
    expect(measureHeaders(decoded).depth).toBe(maxHeaderDepth + 1);
    expect(measureHeaders(decoded).bytes).toBe(wire.length + 4);
  });

  it("decodes arrays 10,000 deep, which amqplib's decoder cannot", () => {
    const wire = deepArray(10_000).subarray(4);
    expect(() => codec.decodeFields(wire)).toThrow(RangeError);
    let value: unknown = decodeFieldTable(wire)["a"];
    for (let i = 1; i < maxHeaderDepth; i++) value = (value as unknown[])[0];
    expect(value).toEqual([{ "!": "truncated", value: { type: "array", bytes: 4 + 5 * (10_000 - maxHeaderDepth - 1) } }]);
  });

  it("makes a key __proto__ an own property, not the table's prototype", () => {
    const decoded = decodeFieldTable(Buffer.from([9, ...Buffer.from("__proto__"), 0x53, 0, 0, 0, 1, 0x78]));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value).toBe("x");
  });

  it.each([
    ["a string longer than its table", [1, 0x61, 0x53, 0, 0, 0, 9, 0x78]],
    ["a table longer than its table", [1, 0x61, 0x46, 0, 0, 0, 9]],
    ["a key longer than its table", [5, 0x61]],
    ["an int cut off", [1, 0x61, 0x49, 0]],
  ])("refuses %s", (_, bytes) => {
    expect(() => decodeFieldTable(Buffer.from(bytes))).toThrow(/runs past the end of its table/);
  });

  it("refuses an unknown type tag as amqplib does", () => {
    const wire = Buffer.from([1, 0x61, 0x5a]);
    expect(() => decodeFieldTable(wire)).toThrow('Unexpected type tag "Z"');
    expect(() => codec.decodeFields(wire)).toThrow('Unexpected type tag "Z"');
  });
});

describe("decodeBasicProperties", () => {
  const every = {
    contentType: "application/octet-stream",
    contentEncoding: "identity",
    headers: tables["x-death, an array of tables"],
    deliveryMode: 2,
    priority: 9,
    correlationId: "KOINOS",
    replyTo: "amq.gen-abc",
    expiration: "5000",
    messageId: "id",
    timestamp: 1_700_000_000,
    type: "t",
    userId: "guest",
    appId: "app",
    clusterId: "c",
  };
  const cases: Record<string, object> = {
    none: {},
    "every property": every,
    "a Koinos request": { contentType: "application/octet-stream", correlationId: "c", replyTo: "r", expiration: "1000", deliveryMode: 2 },
    "a Go reply": { contentType: "application/octet-stream", correlationId: "c", deliveryMode: 1, timestamp: 1 },
    "headers alone": { headers: tables["every number width"] },
  };

  it.each(Object.entries(cases))("decodes %s as amqplib does", (_, properties) => {
    const frame = defs.encodeProperties(60, 1, 10, properties);
    // The properties start after the frame header (7), class and weight (4) and body size (8).
    const list = frame.subarray(19, frame.length - 1);
    expect(decodeBasicProperties(list)).toStrictEqual(defs.decode(60, list));
  });
});

describe("measureHeaders", () => {
  it("measures a table of one string, as the field-table encoding takes it", () => {
    expect(measureHeaders({ k: "vv" })).toEqual({ bytes: 4 + 1 + 1 + 1 + 4 + 2, depth: 0 });
    expect(measureHeaders(undefined)).toEqual({ bytes: 0, depth: 0 });
  });

  it("measures an object nested 100,000 deep without recursing", () => {
    let deep: object = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(measureHeaders(deep)).toEqual({ bytes: 4 + 7 * 100_000, depth: 100_000 });
    expect(headerDepthProblem(measureHeaders(deep))).toBe(`headers nest tables or arrays deeper than ${maxHeaderDepth} levels`);
  });

  it("finds no problem in headers of ordinary depth", () => {
    expect(headerDepthProblem(measureHeaders(tables["x-death, an array of tables"]))).toBeUndefined();
    expect(headerDepthProblem(measureHeaders(decodeFieldTable(encodeTable(nest(maxHeaderDepth)))))).toBeUndefined();
  });
});

describe("boundHeaderDecoding", () => {
  it("is in effect on the amqplib this runtime loads", () => {
    expect(boundHeaderDecoding()).toEqual({ bounded: true });
    // amqplib's Connection now parses frames with the runtime's recvFrame, which marks itself.
    expect((Connection.prototype.recvFrame as Record<symbol, unknown>)[Symbol.for("koinos-mq-ts.boundedHeaderDecoding")]).toBe(true);
  });
});
