import { ConnectionLostError, InvalidArgumentError, type KoinosMqError } from "../errors.js";

/**
 * The typed error for a `channel.publish` that threw: amqplib refuses
 * properties it cannot encode (TypeError: a header value of no AMQP type, a
 * property of the wrong type; RangeError: headers over its 64 KiB frame
 * buffer) before writing anything, which is the caller's mistake; anything
 * else means the channel is closing under us.
 */
export function publishError(error: unknown, what: string): KoinosMqError {
  if (error instanceof TypeError || error instanceof RangeError) {
    return new InvalidArgumentError(`${what}: the message properties cannot be encoded: ${error.message}`, { cause: error });
  }
  return new ConnectionLostError(`${what}: the message could not be sent (${error instanceof Error ? error.message : String(error)})`, { cause: error });
}
