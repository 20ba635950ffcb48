/**
 * Where values sit in JSON text that JSON.parse accepted, so that a value
 * can be echoed exactly as it came (the JSON-RPC `id`: `1.0` stays `1.0`,
 * `"\u0041"` stays `"\u0041"`), as Go's json.RawMessage keeps it.
 */

/** A value's text span, `[start, end)`. */
export interface JsonSpan {
  readonly start: number;
  readonly end: number;
}

/** An object member: its key, decoded, and its value's span. */
export interface JsonMemberSpan extends JsonSpan {
  readonly key: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The index of the first character at or after `i` that is not JSON whitespace. */
export function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== LF && c !== CR) return i;
    i++;
  }
}

/** The index just past the string literal that starts at `i` (its opening quote). */
function skipString(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The index just past the value that starts at `i`. */
export function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    let end = i + 1;
    for (;;) {
      const d = text.charCodeAt(end);
      if (Number.isNaN(d) || d === 0x2c || d === 0x7d || d === 0x5d || d === SPACE || d === TAB || d === LF || d === CR) return end;
      end++;
    }
  }
  let depth = 0;
  for (let at = i; ; ) {
    const d = text.charCodeAt(at);
    if (d === QUOTE) {
      at = skipString(text, at);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if ((d === 0x7d || d === 0x5d) && --depth === 0) return at + 1;
    at++;
  }
}

/** The members of the object that starts at `i` (its `{`), in order, duplicates included. */
export function objectMembers(text: string, i: number): JsonMemberSpan[] {
  const members: JsonMemberSpan[] = [];
  let at = skipSpace(text, i + 1);
  if (text.charCodeAt(at) === 0x7d) return members;
  for (;;) {
    const keyEnd = skipString(text, at);
    const key = JSON.parse(text.substring(at, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = skipValue(text, start);
    members.push({ key, start, end });
    at = skipSpace(text, end);
    if (text.charCodeAt(at) === 0x7d) return members;
    at = skipSpace(text, at + 1);
  }
}

/** The elements of the array that starts at `i` (its `[`). */
export function arrayElements(text: string, i: number): JsonSpan[] {
  const elements: JsonSpan[] = [];
  let at = skipSpace(text, i + 1);
  if (text.charCodeAt(at) === 0x5d) return elements;
  for (;;) {
    const end = skipValue(text, at);
    elements.push({ start: at, end });
    at = skipSpace(text, end);
    if (text.charCodeAt(at) === 0x5d) return elements;
    at = skipSpace(text, at + 1);
  }
}
