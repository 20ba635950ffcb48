import { KoinosJsonError } from "./koinos-json-error.js";

/**
 * What the codec throws inside a message. Each level it passes on the way
 * out adds its field to `segments` (innermost first), so the path costs
 * nothing unless something is wrong; the public functions turn it into a
 * KoinosJsonError.
 */
export class PathError extends Error {
  readonly segments: (string | number)[] = [];

  /** Adds the field or element the error happened in, from the inside out. */
  at(segment: string | number): this {
    this.segments.push(segment);
    return this;
  }

  toPublic(): KoinosJsonError {
    let path = "";
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as string | number;
      if (typeof s === "number") path += `[${s}]`;
      else if (s.startsWith("[")) path += s;
      else path += path === "" ? s : `.${s}`;
    }
    return new KoinosJsonError(this.message, path);
  }
}

/** A map key as a path segment: `["key"]`. */
export function mapKeySegment(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

/** Runs `body`; a PathError from it gets `segment` added, anything else goes through unchanged. */
export function rethrowAt(error: unknown, segment: string | number): never {
  if (error instanceof PathError) throw error.at(segment);
  throw error;
}

/** Turns a PathError into the public KoinosJsonError; leaves other errors alone. */
export function toPublicError(error: unknown): unknown {
  return error instanceof PathError ? error.toPublic() : error;
}
