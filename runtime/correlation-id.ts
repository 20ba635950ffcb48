import { randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Correlation ids of [0-9A-Za-z], as koinos-mq-cpp makes them. Replies come
 * back on the client's own queue, so an id must only be unique among that
 * client's calls: a counter does that. A random 8-character prefix per
 * client (about 47 bits) tells clients apart in logs and broker traces.
 * Short ids are cheaper to encode, route and compare than 32 characters.
 */
export function correlationIds(): () => string {
  const prefix = Array.from(randomBytes(8), (b) => alphabet.charAt(b % alphabet.length)).join("");
  let counter = 0;
  return () => prefix + (counter++).toString(36);
}
