import { usageError } from "./cli-error.js";

/** The text of one top-level JSON object and the line it starts on (from 1). */
export interface JsonObjectText {
  readonly text: string;
  readonly line: number;
}

/**
 * Cuts a stream of text into top-level JSON objects: one per line
 * (newline-delimited JSON), one spread over many lines, or several on one
 * line. It tracks braces and brackets outside strings only; JSON.parse
 * checks each object's text afterwards. Anything else at the top level is
 * refused with its line: every request (or event) is an object.
 */
export class JsonObjectSplitter {
  #pending: string[] = [];
  #depth = 0;
  #inString = false;
  #escaped = false;
  #line = 1;
  #startLine = 0;
  #failure: Error | undefined;

  constructor(private readonly source: string) {}

  /** Takes the next chunk; returns the objects it completed (up to a refused character, which the next call throws). */
  push(chunk: string): JsonObjectText[] {
    if (this.#failure !== undefined) throw this.#failure;
    const done: JsonObjectText[] = [];
    let start = this.#depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.#line++;
      if (this.#depth === 0) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
        if (c !== 0x7b) {
          // The objects before it are still handled; the next push or end() throws.
          this.#failure = usageError(`${this.source} line ${this.#line}: expected a JSON object ({...}), found ${JSON.stringify(chunk.substring(i, i + 20))}`);
          return done;
        }
        start = i;
        this.#startLine = this.#line;
        this.#depth = 1;
        continue;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === 0x5c) this.#escaped = true;
        else if (c === 0x22) this.#inString = false;
        continue;
      }
      if (c === 0x22) this.#inString = true;
      else if (c === 0x7b || c === 0x5b) this.#depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.#depth--;
        if (this.#depth === 0) {
          this.#pending.push(chunk.substring(start, i + 1));
          done.push({ text: this.#pending.join(""), line: this.#startLine });
          this.#pending = [];
          start = -1;
        }
      }
    }
    if (this.#depth > 0 && start !== -1) this.#pending.push(chunk.substring(start));
    return done;
  }

  /** The input ended: refused if it ended inside an object. */
  end(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#depth > 0) throw usageError(`${this.source} line ${this.#startLine}: the input ends inside this JSON object`);
  }
}
