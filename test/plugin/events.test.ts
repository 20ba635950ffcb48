import { describe, expect, it } from "vitest";
import { compileProtos, fixtures, runPlugin } from "../helpers/plugin-run.js";

const params = "target=ts,import_extension=js";

/** The `"key": codec` lines of a generated event map, as [key, codec]. */
function mapEntries(text: string, mapName: string): [string, string][] {
  const body = text.split(`export const ${mapName} = {\n`)[1]?.split("} as const;")[0] ?? "";
  return body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const m = /^\s+(?:\[(\w+)\]|"([^"]+)"): (\w+),$/.exec(line);
      return [String(m?.[1] ?? m?.[2]), String(m?.[3])];
    });
}

const header = `syntax = "proto3";\npackage app.events;\nimport "koinos_mq/options.proto";\n`;

function generate(files: Record<string, string>, parameter = params): Map<string, string> {
  return runPlugin(compileProtos(files), parameter, Object.keys(files));
}

describe("Koinos broadcast topics", () => {
  const text = runPlugin(fixtures(), params).get("koinos/broadcast/broadcast_mq.ts") ?? "";

  it("map every koinos.broadcast message to its topics, block_accepted to two", () => {
    expect(mapEntries(text, "KoinosEvents")).toEqual([
      ["KOINOS_BLOCK_ACCEPT_TOPIC", "blockAcceptedType"],
      ["KOINOS_BLOCK_IRREVERSIBLE_TOPIC", "blockIrreversibleType"],
      ["KOINOS_BLOCK_FORKS_TOPIC", "forkHeadsType"],
      ["KOINOS_TRANSACTION_ACCEPT_TOPIC", "transactionAcceptedType"],
      ["KOINOS_TRANSACTION_FAIL_TOPIC", "transactionFailedType"],
      ["KOINOS_MEMPOOL_ACCEPT_TOPIC", "mempoolAcceptedType"],
      ["KOINOS_MEMPOOL_BLOCK_ACCEPTED_TOPIC", "blockAcceptedType"],
      ["KOINOS_GOSSIP_STATUS_TOPIC", "gossipStatusType"],
      ["koinos.event.*.*.#", "eventParcelType"],
    ]);
    expect(text).toContain('export const KOINOS_BLOCK_ACCEPT_TOPIC = "koinos.block.accept";');
  });

  it("give contract events typed topic and pattern builders", () => {
    expect(text).toContain('export const koinosEventTopic = topicBuilder("koinos.event.{contract}.{name}");');
    expect(text).toContain('export const koinosEventPattern = patternBuilder("koinos.event.{contract}.{name}");');
  });

  it("give an event type narrowed by pattern", () => {
    expect(text).toContain('export type KoinosEvent<Pattern extends string = "#"> = EventFor<typeof KoinosEvents, Pattern>;');
  });
});

describe("user-defined topics", () => {
  it("come from the (koinos_mq.topic) option, one message on several topics", () => {
    const files = generate({
      "app/events.proto": `${header}
        message trade { option (koinos_mq.topic) = "app.trade.{pair}"; string pair = 1; }
        message tick { option (koinos_mq.topic) = "app.tick"; option (koinos_mq.topic) = "app.heartbeat"; }`,
    });
    const text = files.get("app/events_mq.ts") ?? "";
    expect(mapEntries(text, "AppEvents")).toEqual([
      ["app.trade.*.#", "tradeType"],
      ["APP_TICK_TOPIC", "tickType"],
      ["APP_HEARTBEAT_TOPIC", "tickType"],
    ]);
    expect(text).toContain('export const appTradeTopic = topicBuilder("app.trade.{pair}");');
  });

  it("take the map name from (koinos_mq.event_map)", () => {
    const files = generate({
      "app/events.proto": `${header} option (koinos_mq.event_map) = "TradingEvents";
        message tick { option (koinos_mq.topic) = "app.tick"; }`,
    });
    const text = files.get("app/events_mq.ts") ?? "";
    expect(text).toContain("export const TradingEvents = {");
    expect(text).toContain("export type TradingEvent<");
  });

  it("give topics whose words start with a digit or hold other characters names that are identifiers", () => {
    const files = generate({
      "app/events.proto": `${header}
        message a { option (koinos_mq.topic) = "2fa.enabled"; option (koinos_mq.topic) = "9-lives.{cat}"; }
        message b { option (koinos_mq.topic) = "block-watch.{payer}"; }`,
    });
    const text = files.get("app/events_mq.ts") ?? "";
    expect(text).toContain('export const _2FA_ENABLED_TOPIC = "2fa.enabled";');
    expect(text).toContain('export const _9LivesTopic = topicBuilder("9-lives.{cat}");');
    expect(text).toContain('export const blockWatchTopic = topicBuilder("block-watch.{payer}");');
    expect(text).toContain('export const blockWatchPattern = patternBuilder("block-watch.{payer}");');
  });

  it("the event_topic plugin option adds topics and overrides Koinos's", () => {
    const files = generate(
      { "app/events.proto": `${header} message my_block { bool live = 1; }` },
      `${params},event_topic=koinos.block.accept:app.events.my_block,event_topic=app.extra:.app.events.my_block`,
    );
    expect(mapEntries(files.get("app/events_mq.ts") ?? "", "AppEvents")).toEqual([
      ["KOINOS_BLOCK_ACCEPT_TOPIC", "myBlockType"],
      ["APP_EXTRA_TOPIC", "myBlockType"],
    ]);
  });
});

describe("conflicts and mistakes are errors naming the places", () => {
  it("one topic on two messages", () => {
    expect(() =>
      generate({
        "app/events.proto": `${header}
          message a { option (koinos_mq.topic) = "app.x"; }
          message b { option (koinos_mq.topic) = "app.x"; }`,
      }),
    ).toThrow(
      /^topic "app\.x" is declared for two messages: app\.events\.a \(app\/events\.proto:5:\d+: option \(koinos_mq\.topic\) of app\.events\.a\) and app\.events\.b \(app\/events\.proto:6:\d+: option \(koinos_mq\.topic\) of app\.events\.b\)/,
    );
  });

  it("a message option claiming a Koinos topic for another message", () => {
    const files = { "app/events.proto": `${header} import "koinos/broadcast/broadcast.proto"; message a { option (koinos_mq.topic) = "koinos.block.accept"; }` };
    expect(() => generate(files)).toThrow(/topic "koinos\.block\.accept" is declared for two messages: koinos\.broadcast\.block_accepted \(the Koinos topic koinos\.block\.accept\) and app\.events\.a/);
  });

  it("two event_topic options for one topic", () => {
    const parameter = `${params},event_topic=app.x:app.events.a,event_topic=app.x:app.events.b`;
    expect(() => generate({ "app/events.proto": `${header} message a {} message b {}` }, parameter)).toThrow(
      /topic "app\.x" is declared for two messages: app\.events\.a \(plugin option event_topic=app\.x:app\.events\.a\) and app\.events\.b \(plugin option event_topic=app\.x:app\.events\.b\)/,
    );
  });

  it("an event_topic option naming a missing message", () => {
    expect(() => generate({ "app/events.proto": `${header} message a {}` }, `${params},event_topic=app.x:app.events.missing`)).toThrow(
      "plugin option event_topic=app.x:app.events.missing: there is no message app.events.missing among the proto files",
    );
  });

  it.each([
    ["app.*", /the word "\*" is empty or holds a wildcard/],
    ["app..x", /the word "" is empty/],
    ["app.{a}.{a}", /the parameter \{a\} appears twice/],
    ["app.{a b}", /the word "\{a b\}"/],
  ])("a malformed topic %s", (topic, message) => {
    expect(() => generate({ "app/events.proto": `${header} message a { option (koinos_mq.topic) = "${topic}"; }` })).toThrow(message);
  });

  it.each([
    ["Trading-Events", "it is not a JavaScript identifier"],
    ["2Events", "it is not a JavaScript identifier"],
    ["", "it is not a JavaScript identifier"],
    ["class", "it is a reserved word"],
  ])("an event_map %j that cannot name a constant", (name, problem) => {
    expect(() => generate({ "app/events.proto": `${header}option (koinos_mq.event_map) = "${name}";\nmessage a { option (koinos_mq.topic) = "app.a"; }` })).toThrow(
      `app/events.proto:4:1: option (koinos_mq.event_map) = "${name}": ${problem}`,
    );
  });

  it("two topics that would generate one constant", () => {
    expect(() =>
      generate({
        "app/events.proto": `${header}
          message a { option (koinos_mq.topic) = "app.a_b"; }
          message b { option (koinos_mq.topic) = "app_a.b"; }`,
      }),
    ).toThrow("app/events.proto: topic app.a_b and topic app_a.b would both generate the name APP_A_B_TOPIC");
  });
});
