import { InvalidArgumentError } from "../errors.js";

/**
 * Bytes or JSON that are not a valid message of the type, in Koinos JSON or
 * in protobuf: the message names the field, `block.header.previous: hex
 * without 0x`. Its `code` is `INVALID_ARGUMENT`.
 */
export class KoinosJsonError extends InvalidArgumentError {
  /**
   * Where in the message: field names joined by dots, `[i]` for list
   * elements and `["key"]` for map values (`block.transactions[2].id`);
   * empty for the message itself.
   */
  readonly path: string;
  /** What is wrong, without the path (`hex without 0x`). */
  readonly reason: string;

  constructor(reason: string, path: string) {
    super(path === "" ? reason : `${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}
