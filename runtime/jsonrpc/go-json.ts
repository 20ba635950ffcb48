import type { JsonValue } from "../json/json-value.js";

/** What Go's encoding/json escapes beyond JSON.stringify: `<` `>` `&` (HTML) and U+2028 / U+2029 (JavaScript line ends). */
const goEscaped = /[<>&\u2028\u2029]/g;
const escapes: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * Compact JSON text as Go's encoding/json writes it (and koinos-jsonrpc
 * sends it): JSON.stringify's text, which escapes control characters as Go
 * does, with `<` `>` `&` written `\u003c` `\u003e` `\u0026` and U+2028 /
 * U+2029 escaped; other non-ASCII stays raw UTF-8.
 */
export function goJson(value: JsonValue): string {
  return goEscape(JSON.stringify(value));
}

/** Applies Go's extra escapes to JSON text that is already valid (an `id` echoed as it came). */
export function goEscape(json: string): string {
  goEscaped.lastIndex = 0;
  return goEscaped.test(json) ? json.replace(goEscaped, (c) => escapes[c] ?? c) : json;
}
