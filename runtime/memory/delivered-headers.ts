import { describe } from "../deadline.js";
import { InvalidArgumentError } from "../errors.js";

/** amqplib encodes message properties into a buffer of this size: a larger header table does not go out. */
const maxTableBytes = 65_536;
const twoTo50 = 2 ** 50;
const twoTo63 = 2 ** 63;

/**
 * The header table a consumer gets when `headers` are published to
 * RabbitMQ through amqplib, value for value, or the InvalidArgumentError
 * that publishing them there raises (`what` names the call or publish).
 * amqplib sends a number as a double when it is not a whole number below
 * 2^50 or is 2^63 or more, else as an integer: so -0 arrives as 0, and NaN,
 * -Infinity and fractions from 2^50 up cannot be sent. Undefined values
 * are left out, null stays null; key and table sizes are AMQP's.
 */
export function deliveredHeaders(headers: Readonly<Record<string, unknown>>, what: string): Record<string, unknown> {
  const refuse = (problem: string) => new InvalidArgumentError(`${what}: the message properties cannot be encoded: ${problem}`);
  const table: Record<string, unknown> = {};
  let bytes = 4;
  for (const key in headers) {
    const value = headers[key];
    if (value === undefined) continue;
    const keyBytes = Buffer.byteLength(key);
    if (keyBytes > 255) throw refuse(`header name of ${keyBytes} bytes; AMQP allows at most 255`);
    bytes += 1 + keyBytes + 1;
    if (typeof value === "string") {
      bytes += 4 + Buffer.byteLength(value);
      table[key] = value;
    } else if (typeof value === "boolean") {
      bytes += 1;
      table[key] = value;
    } else if (typeof value === "number") {
      const sentAsDouble = value >= twoTo63 || (Math.abs(value) < twoTo50 && !Number.isInteger(value));
      if (!sentAsDouble && !(Number.isInteger(value) && value >= -twoTo63)) throw refuse(`header ${key} is ${describe(value)}, which AMQP cannot carry as a number`);
      bytes += sentAsDouble ? 8 : integerBytes(value);
      table[key] = value === 0 ? 0 : value;
    } else if (value === null) {
      table[key] = null;
    } else {
      throw refuse(`header ${key} is ${describe(value)}; headers take strings, numbers and booleans`);
    }
  }
  if (bytes > maxTableBytes) throw refuse(`a header table of ${bytes} bytes; at most ${maxTableBytes} fit`);
  return table;
}

/** The integer type amqplib picks: a byte, short, int or long. */
function integerBytes(value: number): number {
  if (value >= -128 && value < 128) return 1;
  if (value >= -0x8000 && value < 0x8000) return 2;
  return value >= -0x80000000 && value < 0x80000000 ? 4 : 8;
}
