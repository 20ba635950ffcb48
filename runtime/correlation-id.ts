import { randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Correlation ids shaped like koinos-mq-cpp's: 32 characters of [0-9A-Za-z].
 * A random 20-character prefix per generator (about 119 bits) keeps them
 * unique across processes; a counter keeps them unique within one, without
 * drawing random bytes per call.
 */
export function correlationIds(): () => string {
  const prefix = Array.from(randomBytes(20), (b) => alphabet.charAt(b % alphabet.length)).join("");
  let counter = 0;
  return () => prefix + (counter++).toString(36).padStart(12, "0");
}
