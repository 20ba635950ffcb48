/**
 * AMQP topic patterns at run time: `*` matches one word, `#` zero or more,
 * words are separated by `.`, as RabbitMQ's topic exchange matches them.
 */

/** A predicate for topics matching `pattern`. */
export function topicMatcher(pattern: string): (topic: string) => boolean {
  const words = pattern.split(".");
  if (!words.includes("*") && !words.includes("#")) return (topic) => topic === pattern;
  return (topic) => matchWords(words, 0, topic.split("."), 0);
}

function matchWords(pattern: readonly string[], p: number, topic: readonly string[], t: number): boolean {
  if (p === pattern.length) return t === topic.length;
  const word = pattern[p];
  if (word === "#") {
    for (let skip = t; skip <= topic.length; skip++) if (matchWords(pattern, p + 1, topic, skip)) return true;
    return false;
  }
  if (t === topic.length) return false;
  return (word === "*" || word === topic[t]) && matchWords(pattern, p + 1, topic, t + 1);
}

/** Non-empty words without wildcards: what a publisher's topic must be (checked on every publish, so a regex first). */
const plainTopic = /^[^.*#]+(?:\.[^.*#]+)*$/;

/** Why `topic` is not a topic one can publish under (wildcards, empty words), or undefined if it is fine. */
export function topicProblem(topic: string): string | undefined {
  if (plainTopic.test(topic) && topic.length <= 255 / 4) return undefined;
  if (topic === "") return "a topic cannot be empty";
  if (Buffer.byteLength(topic) > 255) return "a topic is at most 255 bytes (an AMQP short string)";
  const words = topic.split(".");
  if (words.some((w) => w === "*" || w === "#")) return `"${topic}" has a wildcard; publish under a concrete topic`;
  if (words.some((w) => w === "")) return `"${topic}" has an empty word`;
  return undefined;
}

/** Why `pattern` is not a binding pattern (empty, or an empty word), or undefined if it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return "a topic pattern cannot be empty";
  if (Buffer.byteLength(pattern) > 255) return "a topic pattern is at most 255 bytes (an AMQP short string)";
  if (pattern.split(".").some((w) => w === "")) return `"${pattern}" has an empty word`;
  return undefined;
}
