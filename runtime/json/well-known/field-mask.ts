import type { JsonObject, JsonValue } from "../json-value.js";
import { typeName } from "../integers.js";
import { PathError } from "../path-error.js";

/** google.protobuf.FieldMask as protojson writes it: lowerCamel paths joined by commas, `"a.fooBar,b"`. */
export function fieldMaskToJson(fields: JsonObject): string {
  const paths = (fields["paths"] ?? []) as string[];
  return paths
    .map((path) => {
      const camel = camelCase(path);
      if (snakeCase(camel) !== path) throw new PathError(`google.protobuf.FieldMask.paths contains irreversible value ${JSON.stringify(path)}`);
      return camel;
    })
    .join(",");
}

const fullName = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function fieldMaskFromJson(value: JsonValue): JsonObject {
  if (typeof value !== "string") throw new PathError(`google.protobuf.FieldMask: expected a string, got ${typeName(value)}`);
  const text = value.trim();
  if (text === "") return {};
  return {
    paths: text.split(",").map((path) => {
      const snake = snakeCase(path);
      if (path.includes("_") || !fullName.test(snake)) throw new PathError(`google.protobuf.FieldMask.paths contains invalid path ${JSON.stringify(path)}`);
      return snake;
    }),
  };
}

/** Go's strs.JSONCamelCase: drops underscores, upper-casing a lowercase letter after one. */
function camelCase(s: string): string {
  let out = "";
  let underscore = false;
  for (const c of s) {
    if (c !== "_") out += underscore && c >= "a" && c <= "z" ? c.toUpperCase() : c;
    underscore = c === "_";
  }
  return out;
}

/** Go's strs.JSONSnakeCase: an underscore before each uppercase letter, lower-cased. */
function snakeCase(s: string): string {
  let out = "";
  for (const c of s) out += c >= "A" && c <= "Z" ? `_${c.toLowerCase()}` : c;
  return out;
}
