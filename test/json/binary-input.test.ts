import { describe, expect, it } from "vitest";
import { KoinosJsonError, koinosJsonFromBinary } from "../../runtime/index.js";
import { message } from "../helpers/json-fixtures.js";

/**
 * Protobuf input that is valid but not canonical, as Go's decoder reads it
 * (koinos-jsonrpc's requests are built by dynamicpb in varying field order),
 * and input that is not protobuf at all.
 */
const bytes = (...parts: (number | string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "number" ? [p] : typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));
/** A tag as varint bytes. */
const tag = (field: number, wireType: number) => {
  const out: number[] = [];
  for (let v = (field << 3) | wireType; ; v >>>= 7) {
    if (v < 0x80) return [...out, v];
    out.push((v & 0x7f) | 0x80);
  }
};
const json = (type: string, b: Uint8Array) => koinosJsonFromBinary(message(type), b);

describe("non-canonical bytes", () => {
  it("fields in any order come out in declaration order", () => {
    const out = json("jsontest.scalars", bytes(tag(14, 2), 1, "x", tag(13, 0), 1, tag(1, 0), 5));
    expect(JSON.stringify(out)).toBe('{"i32":5,"b":true,"s":"x"}');
  });

  it("a singular scalar given twice: the last wins", () => {
    expect(json("jsontest.scalars", bytes(tag(1, 0), 5, tag(1, 0), 7))).toEqual({ i32: 7 });
  });

  it("a default written explicitly is left out, also when it replaces a value", () => {
    expect(json("jsontest.scalars", bytes(tag(1, 0), 0, tag(14, 2), 0))).toEqual({});
    expect(json("jsontest.scalars", bytes(tag(1, 0), 5, tag(1, 0), 0))).toEqual({});
  });

  it("a singular message given twice is merged (scalars replaced, lists appended)", () => {
    const inner1 = bytes(tag(1, 0), 1, tag(2, 2), 1, 0xaa);
    const inner2 = bytes(tag(1, 0), 2);
    const out = json("jsontest.outer", bytes(tag(1, 2), inner1.length, ...inner1, tag(2, 2), 0, tag(1, 2), inner2.length, ...inner2));
    expect(out).toEqual({ in: { x: 2, id: "0xaa" }, ins: [{}] });
  });

  it("merges a message three times over, and after an interleaved list", () => {
    const t = (name: string) => bytes(tag(1, 2), name.length, name);
    const parent = (inner: Uint8Array) => bytes(tag(3, 2), inner.length, ...inner);
    const children = bytes(tag(2, 2), 0);
    const out = json("jsontest.tree", bytes(...parent(t("a")), ...children, ...parent(bytes(tag(2, 2), 0)), ...parent(t("c"))));
    expect(out).toEqual({ children: [{}], parent: { name: "c", children: [{}] } });
  });

  it("a oneof: the last member set wins, and a message member is merged only with itself since", () => {
    const m1 = bytes(tag(1, 0), 1, tag(14, 2), 1, "a");
    const m2 = bytes(tag(1, 0), 2);
    expect(json("jsontest.presence", bytes(tag(7, 0), 1, tag(8, 2), 1, "s"))).toEqual({ c_s: "s" });
    expect(json("jsontest.presence", bytes(tag(10, 2), m1.length, ...m1, tag(7, 0), 3, tag(10, 2), m2.length, ...m2))).toEqual({ c_msg: { i32: 2 } });
    expect(json("jsontest.presence", bytes(tag(10, 2), m1.length, ...m1, tag(10, 2), m2.length, ...m2))).toEqual({ c_msg: { i32: 2, s: "a" } });
  });

  it("packed and unpacked lists alike, mixed, and an empty packed run", () => {
    expect(json("jsontest.lists", bytes(tag(1, 2), 2, 1, 2, tag(1, 0), 3, tag(1, 2), 0, tag(9, 2), 2, 4, 5, tag(9, 0), 6))).toEqual({ i32: [1, 2, 3], unpacked: [4, 5, 6] });
    expect(json("jsontest.lists", bytes(tag(1, 2), 0))).toEqual({});
  });

  it("unknown fields of every wire type are skipped, a group included", () => {
    const unknown = bytes(tag(99, 0), 0x80, 1, tag(98, 1), 1, 2, 3, 4, 5, 6, 7, 8, tag(97, 2), 2, 0, 0, tag(96, 5), 1, 2, 3, 4, tag(95, 3), tag(1, 0), 1, tag(95, 4));
    expect(json("jsontest.scalars", bytes(...unknown, tag(1, 0), 9))).toEqual({ i32: 9 });
  });

  it("a known field number with another wire type is an unknown field (as in Go)", () => {
    expect(json("jsontest.scalars", bytes(tag(1, 2), 1, 0x41, tag(14, 0), 5))).toEqual({});
  });

  it("a map key given twice: the last wins; a missing key or value is its default", () => {
    const entry = (k: string, v: number) => bytes(tag(1, 2), k.length, k, tag(2, 0), v);
    const e1 = entry("a", 1);
    const e2 = entry("a", 2);
    const noKey = bytes(tag(2, 0), 3);
    expect(json("jsontest.maps", bytes(tag(1, 2), e1.length, ...e1, tag(1, 2), e2.length, ...e2, tag(1, 2), noKey.length, ...noKey, tag(1, 2), 0))).toEqual({ by_name: { a: 2, "": 0 } });
  });

  it("negative int32 as ten bytes; uint32 and bool from longer varints as Go truncates them", () => {
    expect(json("jsontest.scalars", bytes(tag(1, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01))).toEqual({ i32: -1 });
    expect(json("jsontest.scalars", bytes(tag(3, 0), 0x81, 0x80, 0x80, 0x80, 0x10))).toEqual({ u32: 1 });
    expect(json("jsontest.scalars", bytes(tag(13, 0), 0x80, 0x80, 0x80, 0x80, 0x10))).toEqual({ b: true });
  });

  it("a closed (proto2) enum's unknown number stays out, an open enum's is written as a number", () => {
    expect(json("jsontest.legacy.old", bytes(tag(1, 2), 1, "n", tag(3, 0), 9, tag(4, 0), 1, tag(4, 0), 9))).toEqual({ name: "n", lvls: ["LOW"] });
    expect(json("jsontest.scalars", bytes(tag(16, 0), 9))).toEqual({ c: 9 });
  });

  it("a proto2 group field", () => {
    expect(json("jsontest.legacy.old", bytes(tag(1, 2), 1, "n", tag(5, 3), tag(1, 0), 4, tag(2, 2), 1, "b", tag(5, 4), tag(2, 0), 0))).toEqual({ name: "n", count: 0, grp: { a: 4, b: "b" } });
  });
});

describe("bytes that are not protobuf, refused with the field", () => {
  it.each([
    ["a truncated varint", "jsontest.scalars", bytes(tag(1, 0), 0x80), "i32: truncated protobuf"],
    ["a length past the end", "jsontest.scalars", bytes(tag(14, 2), 5, "ab"), "s: truncated protobuf"],
    ["a length of 2^32 (not cut to its low 32 bits)", "jsontest.outer", bytes(tag(1, 2), 0x80, 0x80, 0x80, 0x80, 0x10), "in: truncated protobuf"],
    ["a varint over 10 bytes", "jsontest.scalars", bytes(tag(2, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "i64: varint longer than 64 bits"],
    ["field number 0", "jsontest.scalars", bytes(0x00, 0x00), "invalid field number"],
    ["wire type 7", "jsontest.scalars", bytes(0x0f), "invalid wire type 7"],
    ["an end-group without a start", "jsontest.scalars", bytes(tag(50, 4)), "unexpected end of group 50"],
    ["a group closed by another number", "jsontest.scalars", bytes(tag(50, 3), tag(51, 4)), "end of group 51 inside group 50"],
    ["invalid UTF-8 in a string", "jsontest.scalars", bytes(tag(14, 2), 2, 0xc3, 0x28), "s: invalid UTF-8 in a string"],
    ["invalid UTF-8 deep in a list", "jsontest.lists", bytes(tag(8, 2), 0, tag(8, 2), 3, tag(14, 2), 1, 0xff), "m[1].s: invalid UTF-8"],
    ["a truncated fixed64", "jsontest.scalars", bytes(tag(8, 1), 1, 2, 3), "f64: truncated protobuf"],
    ["a missing required field (proto2)", "jsontest.legacy.old", bytes(tag(2, 0), 1), "required field name is not set"],
  ])("%s", (_, type, input, error) => {
    expect(() => json(type, input)).toThrow(KoinosJsonError);
    expect(() => json(type, input)).toThrow(error);
  });
});
