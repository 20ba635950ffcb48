import { describe, expect, it } from "vitest";
import { goJson } from "../../runtime/jsonrpc/go-json.js";
import { goSyntaxError } from "../../runtime/jsonrpc/go-syntax-error.js";
import { arrayElements, objectMembers } from "../../runtime/jsonrpc/json-spans.js";

/** Go's encoding/json texts, which koinos-jsonrpc's -32700 answers carry as data. */
describe("Go's syntax error texts", () => {
  it.each([
    ["", "unexpected end of JSON input"],
    ["  ", "unexpected end of JSON input"],
    ['{"a":', "unexpected end of JSON input"],
    ["tru", "unexpected end of JSON input"],
    ["-", "unexpected end of JSON input"],
    ["hello", "invalid character 'h' looking for beginning of value"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ["{1:2}", "invalid character '1' looking for beginning of object key string"],
    ["[1,]", "invalid character ']' looking for beginning of value"],
    ['{"a" "b"}', "invalid character '\"' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ["[1 2]", "invalid character '2' after array element"],
    ['"a\u0001"', "invalid character '\\x01' in string literal"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["-a", "invalid character 'a' in numeric literal"],
    ["1.a", "invalid character 'a' after decimal point in numeric literal"],
    ["1ea", "invalid character 'a' in exponent of numeric literal"],
    ["trux", "invalid character 'x' in literal true (expecting 'e')"],
    ["nil", "invalid character 'i' in literal null (expecting 'u')"],
    ["01", "invalid character '1' after top-level value"],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ["\\", "invalid character '\\\\' looking for beginning of value"],
  ])("%j: %s", (text, message) => {
    expect(goSyntaxError(Buffer.from(text))).toBe(message);
  });

  it("shows a byte from 0x80 as the rune of that value, as Go's quoteChar does (a UTF-8 BOM is 'ï')", () => {
    expect(goSyntaxError(Buffer.from("\ufeff{}"))).toBe("invalid character 'ï' looking for beginning of value");
    expect(goSyntaxError(Buffer.from([0x85]))).toBe("invalid character '\\u0085' looking for beginning of value");
  });

  it("finds nothing wrong in JSON", () => {
    for (const text of ['{"a":[1,-2.5e+3,true,null,"\\u00e9\\n"]}', " 0 ", "[]", '""', "true", "-2.5E-3"]) expect(goSyntaxError(Buffer.from(text))).toBeUndefined();
  });
});

describe("Go's JSON writing", () => {
  it("escapes < > & and U+2028 U+2029, control characters as JSON.stringify does, other text raw", () => {
    expect(goJson({ a: "<a href='x'>&</a>\u2028\u2029", b: "\u0001\b\f\n\r\t\"\\", c: "é😀" })).toBe(
      '{"a":"\\u003ca href=\'x\'\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029","b":"\\u0001\\b\\f\\n\\r\\t\\"\\\\","c":"é😀"}',
    );
  });
});

describe("spans of JSON values", () => {
  it("give each member's key and raw value text, duplicates and escapes included", () => {
    const text = ' { "id" : 1.0 , "a\\"b": {"x":["}",{}]}, "id":"\\u0041" } ';
    const members = objectMembers(text, text.indexOf("{"));
    expect(members.map((m) => [m.key, text.substring(m.start, m.end)])).toEqual([
      ["id", "1.0"],
      ['a"b', '{"x":["}",{}]}'],
      ["id", '"\\u0041"'],
    ]);
    const array = "[ 1 ,\"\\\\\" , [2] ]";
    expect(arrayElements(array, 0).map((e) => array.substring(e.start, e.end))).toEqual(["1", '"\\\\"', "[2]"]);
  });
});
