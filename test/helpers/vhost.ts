import { basename } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { rabbitmqctl } from "./rabbitmqctl.js";

/** Prefix of every vhost the tests create; the global setup removes leftovers. */
export const testVhostPrefix = "kmq-test-";

export interface TestVhost {
  /** The vhost's name. */
  readonly name: string;
  /** An AMQP URL for guest on this vhost. */
  readonly url: string;
}

/**
 * Gives the calling test file a vhost of its own, created before its tests
 * and deleted after them, so files cannot see each other's queues or events.
 */
export function useVhost(testFile: string): TestVhost {
  const name = `${testVhostPrefix}${basename(testFile).replace(/\.test\.ts$/, "")}-${process.pid}`;
  const base = new URL(inject("amqpUrl"));
  base.pathname = `/${encodeURIComponent(name)}`;
  beforeAll(async () => {
    await rabbitmqctl("add_vhost", name);
    await rabbitmqctl("set_permissions", "-p", name, base.username || "guest", ".*", ".*", ".*");
  });
  afterAll(async () => {
    await rabbitmqctl("delete_vhost", name);
  });
  return { name, url: base.toString() };
}
