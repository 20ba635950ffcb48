import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { fromPartial, koinosJsonToBinary, toKoinosJson, type DeepPartial, type JsonValue, type KoinosType } from "koinos-mq-ts";
import { blockAcceptedType, blockIrreversibleType, eventParcelType, KoinosEvents } from "../../generated/koinos/broadcast/broadcast_mq.js";
import { busFactory } from "../helpers/buses.js";
import { CliProcess, cliBin, fixtureDescriptorSet, runCli, startCli } from "../helpers/cli.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * `koinos-mq tail` and `koinos-mq publish` as processes on RabbitMQ: lines
 * written as events arrive, in Koinos JSON as the codec writes it (or hex),
 * -c, Ctrl-C, a pipe that closes, and publishing that typed subscribers and
 * tail receive.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const schema = fixtureDescriptorSet("tail-publish.binpb");
const env = { AMQP_URL: vhost.url, KOINOS_MQ_SCHEMA: schema };
const running: CliProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill("SIGKILL");
});

/** Starts tail and resolves once it says it listens (its queue is bound). */
async function tail(args: readonly string[]): Promise<CliProcess> {
  const p = startCli(["tail", ...args], { env });
  running.push(p);
  await p.until((x) => x.stderr.includes("listening to"), "it listened");
  return p;
}

const irreversible = { topology: { id: "0x1220aa", height: "41", previous: "0x1220bb" } };

/** The line tail must print for an event, given the time it printed (the only part the test cannot know). */
function expectedLine(line: string, topic: string, message: JsonValue): string {
  const { time } = JSON.parse(line) as { time: string };
  return JSON.stringify({ topic, time, message });
}

const json = <T>(type: KoinosType<T>, partial: DeepPartial<T>) => toKoinosJson(type, fromPartial(type, partial));

describe("tail", () => {
  it("prints each event as one JSON line as it arrives, the message as the codec writes it, and stops after -c events", async () => {
    const before = Date.now();
    const p = await tail(["koinos.block.*", "-c", "2"]);
    const published = await runCli(["publish", "koinos.block.irreversible", JSON.stringify(irreversible), "--confirm"], { env });
    expect(published.stderr).toBe("");
    expect(published.status).toBe(0);
    // The first line is out while tail still runs: written line by line, not at exit.
    await p.until((x) => x.lines.length === 1, "the first event");
    const bus = await openBus();
    await bus.publish(KoinosEvents, "koinos.block.accept", { block: { id: new Uint8Array([0x12, 0x20, 0xcc]), header: { height: "42" } }, live: true }, { confirm: true });
    const result = await p.exited;
    expect(result.status).toBe(0);
    const [first = "", second = ""] = p.lines;
    expect(p.lines).toHaveLength(2);
    expect(first).toBe(expectedLine(first, "koinos.block.irreversible", json(blockIrreversibleType, { topology: { id: new Uint8Array([0x12, 0x20, 0xaa]), height: "41", previous: new Uint8Array([0x12, 0x20, 0xbb]) } })));
    expect(second).toBe(expectedLine(second, "koinos.block.accept", json(blockAcceptedType, { block: { id: new Uint8Array([0x12, 0x20, 0xcc]), header: { height: "42" } }, live: true })));
    const time = Date.parse((JSON.parse(first) as { time: string }).time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it("decodes parameterised topics (koinos.event.<contract>.<name>) and prints hex bytes with --raw", async () => {
    const typed = await tail(["koinos.event.#", "-c", "1"]);
    const raw = await tail(["koinos.event.#", "-c", "1", "--raw"]);
    const parcel = { block_id: "0x1220dd", height: "9", event: { sequence: 1, source: "1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2", name: "koinos.contracts.token.transfer_event", data: "AQI=" } };
    const topic = "koinos.event.1EKpZxmD7jy3Vi9ZDN3UbtpWL2ykbWnuV2.koinos.contracts.token.transfer_event";
    const published = await runCli(["publish", topic, JSON.stringify(parcel), "--confirm"], { env });
    expect(published.status).toBe(0);
    await Promise.all([typed.exited, raw.exited]);
    const [line = ""] = typed.lines;
    expect(line).toBe(expectedLine(line, topic, parcel));
    const bytes = koinosJsonToBinary(eventParcelType.desc, parcel);
    const [rawLine = ""] = raw.lines;
    expect(rawLine).toBe(expectedLine(rawLine, topic, `0x${Buffer.from(bytes).toString("hex")}`));
  });

  it("keeps an event the schema has no type for, with the reason and its bytes", async () => {
    const p = await tail(["other.#", "-c", "1"]);
    const bus = await openBus();
    await bus.publishRaw("other.thing", new Uint8Array([1, 2, 3]), { confirm: true });
    await p.exited;
    const [line = ""] = p.lines;
    const { time } = JSON.parse(line) as { time: string };
    expect(line).toBe(JSON.stringify({ topic: "other.thing", time, error: "the schema has no message type for this topic", bytes: "0x010203" }));
  });

  it("closes cleanly on Ctrl-C (SIGINT), exit 0", async () => {
    const p = await tail(["koinos.block.accept"]);
    p.child.kill("SIGINT");
    const result = await p.exited;
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/error/i);
  });

  it("ends cleanly, exit 0, when the reader of the pipe goes away (| head -n 1)", async () => {
    const shell = spawn("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${cliBin}" tail koinos.block.irreversible | head -n 1`], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const p = new CliProcess(shell);
    running.push(p);
    await p.until((x) => x.stderr.includes("listening to"), "tail listened");
    const bus = await openBus();
    await bus.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "1" } }, { confirm: true });
    await p.until((x) => x.lines.length === 1, "head printed the first event");
    // head has exited; the next event's line meets a closed pipe, and tail ends.
    await bus.publish(KoinosEvents, "koinos.block.irreversible", { topology: { height: "2" } }, { confirm: true });
    const result = await p.exited;
    expect(result.status).toBe(0);
    expect(JSON.parse(p.lines[0] ?? "")).toMatchObject({ topic: "koinos.block.irreversible", message: { topology: { height: "1" } } });
  });

  it("refuses a bad pattern or count (exit 2), and says when it cannot reach the broker (exit 3)", async () => {
    const pattern = await runCli(["tail", "koinos..block"], { env });
    expect(pattern.status).toBe(2);
    expect(pattern.stderr).toContain('pattern "koinos..block": "koinos..block" has an empty word');
    const count = await runCli(["tail", "-c", "0"], { env });
    expect(count.status).toBe(2);
    const broker = await runCli(["tail", "--raw", "--amqp", "amqp://guest:guest@127.0.0.1:1"], { env: { KOINOS_MQ_SCHEMA: undefined } });
    expect(broker.status).toBe(3);
  });
});

describe("publish", () => {
  it("publishes each JSON object of stdin as one event, which typed subscribers receive", async () => {
    const bus = await openBus();
    const stream = await bus.events(KoinosEvents, "koinos.block.irreversible");
    const input = '{"topology":{"height":"1"}}\n{"topology":{"height":"2"}}\n';
    const run = await runCli(["publish", "koinos.block.irreversible", "@-", "--confirm"], { env, input });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    const heights: string[] = [];
    for await (const event of stream) {
      heights.push(event.message.topology?.height ?? "");
      if (heights.length === 2) break;
    }
    expect(heights).toEqual(["1", "2"]);
  });

  it("takes --type for a topic the schema does not know, and refuses unknown topics, wildcards and bad JSON (exit 2)", async () => {
    const p = await tail(["custom.blocks", "--raw", "-c", "1"]);
    const typed = await runCli(["publish", "custom.blocks", '{"topology":{"height":"7"}}', "--type", "koinos.broadcast.block_irreversible", "--confirm"], { env });
    expect(typed.status).toBe(0);
    await p.exited;
    expect((JSON.parse(p.lines[0] ?? "") as { message: string }).message).toBe(`0x${Buffer.from(koinosJsonToBinary(blockIrreversibleType.desc, { topology: { height: "7" } })).toString("hex")}`);

    const unknown = await runCli(["publish", "custom.blocks", "{}"], { env });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("the schema knows no message for topic custom.blocks; `koinos-mq list` shows its topics, or name the message with --type <full name>");
    const wildcard = await runCli(["publish", "koinos.block.*", "{}"], { env });
    expect(wildcard.status).toBe(2);
    expect(wildcard.stderr).toContain("has a wildcard");
    const bad = await runCli(["publish", "koinos.block.irreversible", '{"topology":{"id":"aabb"}}'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/the JSON argument: not a koinos\.broadcast\.block_irreversible: topology\.id: .*0x/);
  });
});
