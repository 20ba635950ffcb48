import type { TypeRegistry } from "./type-registry.js";

/** Options of the Koinos JSON functions. */
export interface KoinosJsonOptions {
  /**
   * Resolves the types packed in google.protobuf.Any fields, by full
   * name. Without one, an Any that holds a message is an error (an empty
   * Any is `{}` either way).
   */
  readonly registry?: TypeRegistry | undefined;
  /** How deep messages may nest before the input is refused; 100 by default (as ts-proto's decoders). */
  readonly maxDepth?: number | undefined;
}

export const DEFAULT_MAX_DEPTH = 100;
