import { describe, expect, it } from "vitest";
import { patternBuilder, topicBuilder } from "koinos-mq-ts";
import { topicMatcher } from "../../runtime/events/topic-pattern.js";

describe("topic patterns match as RabbitMQ's topic exchange does", () => {
  it.each([
    ["koinos.block.*", "koinos.block.accept", true],
    ["koinos.block.*", "koinos.block", false],
    ["koinos.block.*", "koinos.block.accept.x", false],
    ["koinos.#", "koinos", true],
    ["koinos.#", "koinos.event.a.b.c", true],
    ["#", "anything.at.all", true],
    ["koinos.event.*.*.#", "koinos.event.1abc.transfer", true],
    ["koinos.event.*.*.#", "koinos.event.1abc.token.transfer", true],
    ["koinos.event.*.*.#", "koinos.event.1abc", false],
    ["a.#.z", "a.z", true],
    ["a.#.z", "a.b.c.z", true],
    ["a.#.z", "a.b.c", false],
    ["koinos.block.accept", "koinos.block.accept", true],
  ])("%s on %s: %s", (pattern, topic, expected) => {
    expect(topicMatcher(pattern)(topic)).toBe(expected);
  });
});

describe("parameterised topics", () => {
  const topic = topicBuilder("koinos.event.{contract}.{name}");
  const pattern = patternBuilder("koinos.event.{contract}.{name}");

  it("fill their parameters; the last may hold dots", () => {
    expect(topic({ contract: "1abc", name: "token.transfer_event" })).toBe("koinos.event.1abc.token.transfer_event");
  });

  it("refuse a parameter that is empty, has a wildcard, or dots where one word is due", () => {
    expect(() => topic({ contract: "", name: "x" })).toThrow("koinos.event.{contract}.{name}: parameter contract is missing or empty");
    expect(() => topic({ contract: "a.b", name: "x" })).toThrow('parameter contract must be one word, not "a.b"');
    expect(() => topic({ contract: "a", name: "x.*" })).toThrow("parameter name has an empty word or a wildcard");
  });

  it("become patterns where parameters are left out", () => {
    expect(pattern()).toBe("koinos.event.*.#");
    expect(pattern({ contract: "1abc" })).toBe("koinos.event.1abc.#");
    expect(pattern({ name: "burn" })).toBe("koinos.event.*.burn");
  });
});
