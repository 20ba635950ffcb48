import { describe, expect, it } from "vitest";
import { connect, type Logger } from "koinos-mq-ts";
import { busFactory } from "../helpers/buses.js";
import { rabbitmqctl } from "../helpers/rabbitmqctl.js";
import { useVhost } from "../helpers/vhost.js";

const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
/** A port nothing listens on. */
const deadUrl = (password: string) => `amqp://guest:${password}@127.0.0.1:1`;

/** A logger that keeps every line, to check what reaches logs. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (fields: Record<string, unknown>, message: string) => void lines.push(`${message} ${JSON.stringify(fields, (_, v: unknown) => (v instanceof Error ? v.message : v))}`);
  return { lines, debug: log, info: log, warn: log, error: log };
}

/** Heartbeat (s) the broker agreed with each named connection. */
async function heartbeats(): Promise<Map<string, number>> {
  const rows = (await rabbitmqctl("list_connections", "--no-table-headers", "timeout", "client_properties")).split("\n");
  return new Map(rows.filter((r) => r.includes("connection_name")).map((r) => [/"connection_name","([^"]+)"/.exec(r)?.[1] ?? "", Number(r.split("\t")[0])]));
}

describe("connect", () => {
  it("tries the broker URLs in turn", async () => {
    const bus = await connect({ url: [deadUrl("x"), vhost.url], name: "urls-in-turn" });
    expect(bus.stats().connected).toBe(true);
    await bus.close();
  });

  it("gives up after its initial attempts with an error naming the broker but not the password", async () => {
    const logger = recordingLogger();
    const error = await connect({ url: deadUrl("s3cret-pw"), logger, reconnect: { initialAttempts: 3, initialDelayMs: 10 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("amqp://guest:***@127.0.0.1:1");
    expect((error as Error).message).not.toContain("s3cret-pw");
    expect(logger.lines.filter((l) => l.startsWith("connect failed; retrying"))).toHaveLength(2);
    expect(logger.lines.join("\n")).not.toContain("s3cret-pw");
  });

  it("names its connection and keeps heartbeats on (10 s unless set)", async () => {
    await openBus({ name: "heartbeat-default" });
    await openBus({ name: "heartbeat-5", heartbeatSeconds: 5 });
    const agreed = await heartbeats();
    expect(agreed.get("heartbeat-default")).toBe(10);
    expect(agreed.get("heartbeat-5")).toBe(5);
  });
});
