/**
 * The text of the error Go's encoding/json gives for input that is not
 * JSON (`invalid character 'x' looking for beginning of value`,
 * `unexpected end of JSON input`), which koinos-jsonrpc sends as the data
 * of its -32700 answer. Run only on input JSON.parse refused: the two
 * accept the same texts. Undefined if the bytes are valid JSON after all.
 */
export function goSyntaxError(bytes: Uint8Array): string | undefined {
  const scanner = new Scanner();
  for (const c of bytes) {
    const problem = scanner.step(c);
    if (problem !== undefined) return `invalid character ${quoteChar(c)} ${problem}`;
  }
  return scanner.complete ? undefined : "unexpected end of JSON input";
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

type Frame = "object-key" | "object-value" | "array";
type State =
  | "begin-value"
  | "begin-key-or-empty"
  | "begin-key"
  | "begin-value-or-empty"
  | "end-value"
  | "end-top"
  | "string"
  | "string-escape"
  | "string-u"
  | "neg"
  | "zero"
  | "digits"
  | "dot"
  | "dot-digits"
  | "e"
  | "e-sign"
  | "e-digits"
  | "literal";

/** Go's scanner (encoding/json/scanner.go), byte by byte, reduced to what its error messages need. */
class Scanner {
  #state: State = "begin-value";
  readonly #stack: Frame[] = [];
  #hexLeft = 0;
  #literal = "";
  #literalAt = 0;

  /** True when the input so far is one whole JSON value. */
  get complete(): boolean {
    if (this.#state === "end-top") return true;
    // A top-level number, string or literal ends with the input.
    return this.#stack.length === 0 && ["end-value", "zero", "digits", "dot-digits", "e-digits"].includes(this.#state);
  }

  /** Consumes one byte; returns the context of the error it makes, if any. */
  step(c: number): string | undefined {
    switch (this.#state) {
      case "begin-value-or-empty":
        if (isSpace(c)) return undefined;
        if (c === 0x5d) return this.#endValue(c);
        return this.#beginValue(c);
      case "begin-value":
        return this.#beginValue(c);
      case "begin-key-or-empty":
        if (isSpace(c)) return undefined;
        if (c === 0x7d) {
          this.#stack[this.#stack.length - 1] = "object-value";
          return this.#endValue(c);
        }
        return this.#beginKey(c);
      case "begin-key":
        return this.#beginKey(c);
      case "end-value":
        return this.#endValue(c);
      case "end-top":
        return isSpace(c) ? undefined : "after top-level value";
      case "string":
        if (c === 0x22) {
          this.#state = "end-value";
          return undefined;
        }
        if (c === 0x5c) this.#state = "string-escape";
        else if (c < 0x20) return "in string literal";
        return undefined;
      case "string-escape":
        if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
          this.#state = "string";
          return undefined;
        }
        if (c === 0x75) {
          this.#state = "string-u";
          this.#hexLeft = 4;
          return undefined;
        }
        return "in string escape code";
      case "string-u":
        if (!isHex(c)) return "in \\u hexadecimal character escape";
        if (--this.#hexLeft === 0) this.#state = "string";
        return undefined;
      case "neg":
        if (c === 0x30) this.#state = "zero";
        else if (isDigit(c)) this.#state = "digits";
        else return "in numeric literal";
        return undefined;
      case "digits":
        if (isDigit(c)) return undefined;
        return this.#afterInteger(c);
      case "zero":
        return this.#afterInteger(c);
      case "dot":
        if (!isDigit(c)) return "after decimal point in numeric literal";
        this.#state = "dot-digits";
        return undefined;
      case "dot-digits":
        if (isDigit(c)) return undefined;
        if (c === 0x65 || c === 0x45) {
          this.#state = "e";
          return undefined;
        }
        return this.#endValue(c);
      case "e":
        if (c === 0x2b || c === 0x2d) {
          this.#state = "e-sign";
          return undefined;
        }
        return this.#exponentDigit(c);
      case "e-sign":
        return this.#exponentDigit(c);
      case "e-digits":
        return isDigit(c) ? undefined : this.#endValue(c);
      case "literal": {
        const expected = this.#literal.charCodeAt(this.#literalAt);
        if (c !== expected) return `in literal ${this.#literal} (expecting ${quoteChar(expected)})`;
        if (++this.#literalAt === this.#literal.length) this.#state = "end-value";
        return undefined;
      }
    }
  }

  #afterInteger(c: number): string | undefined {
    if (c === 0x2e) {
      this.#state = "dot";
      return undefined;
    }
    if (c === 0x65 || c === 0x45) {
      this.#state = "e";
      return undefined;
    }
    return this.#endValue(c);
  }

  #exponentDigit(c: number): string | undefined {
    if (!isDigit(c)) return "in exponent of numeric literal";
    this.#state = "e-digits";
    return undefined;
  }

  #beginValue(c: number): string | undefined {
    if (isSpace(c)) return undefined;
    switch (c) {
      case 0x7b:
        this.#stack.push("object-key");
        this.#state = "begin-key-or-empty";
        return undefined;
      case 0x5b:
        this.#stack.push("array");
        this.#state = "begin-value-or-empty";
        return undefined;
      case 0x22:
        this.#state = "string";
        return undefined;
      case 0x2d:
        this.#state = "neg";
        return undefined;
      case 0x30:
        this.#state = "zero";
        return undefined;
      case 0x74:
      case 0x66:
      case 0x6e:
        this.#literal = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
        this.#literalAt = 1;
        this.#state = "literal";
        return undefined;
    }
    if (isDigit(c)) {
      this.#state = "digits";
      return undefined;
    }
    return "looking for beginning of value";
  }

  #beginKey(c: number): string | undefined {
    if (isSpace(c)) return undefined;
    if (c === 0x22) {
      this.#state = "string";
      return undefined;
    }
    return "looking for beginning of object key string";
  }

  /** After a value: what closes or continues its container (Go's stateEndValue). */
  #endValue(c: number): string | undefined {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined) {
      this.#state = "end-top";
      return this.step(c);
    }
    if (isSpace(c)) {
      this.#state = "end-value";
      return undefined;
    }
    switch (frame) {
      case "object-key":
        if (c === 0x3a) {
          this.#stack[this.#stack.length - 1] = "object-value";
          this.#state = "begin-value";
          return undefined;
        }
        return "after object key";
      case "object-value":
        if (c === 0x2c) {
          this.#stack[this.#stack.length - 1] = "object-key";
          this.#state = "begin-key";
          return undefined;
        }
        if (c === 0x7d) return this.#pop();
        return "after object key:value pair";
      case "array":
        if (c === 0x2c) {
          this.#state = "begin-value";
          return undefined;
        }
        if (c === 0x5d) return this.#pop();
        return "after array element";
    }
  }

  #pop(): undefined {
    this.#stack.pop();
    this.#state = this.#stack.length === 0 ? "end-top" : "end-value";
    return undefined;
  }
}

/** Go's quoteChar: a byte as strconv.Quote shows the rune of that value, in single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Readonly<Record<number, string>> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 0x5c: "\\\\" };
  const shown = named[c];
  if (shown !== undefined) return `'${shown}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  // Bytes from 0x80 are shown as the rune of that value (Go converts the byte, not the UTF-8 sequence).
  if ((c >= 0x80 && c < 0xa1) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, "0")}'`;
  return `'${String.fromCharCode(c)}'`;
}
