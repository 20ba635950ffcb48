import { expect, it } from "vitest";
import setup from "./broker.js";

/** The test harness's broker check, where no broker answers and none is installed. */
it("says what to install when RabbitMQ neither answers nor is installed", async () => {
  const saved = { url: process.env["AMQP_URL"], path: process.env["PATH"] };
  process.env["AMQP_URL"] = "amqp://guest:guest@127.0.0.1:1";
  // rabbitmq-server lives in /usr/sbin here: leave it out of PATH.
  process.env["PATH"] = "/usr/bin:/bin";
  try {
    const provided: string[] = [];
    const project = { provide: (_: string, value: string) => void provided.push(value) } as unknown as Parameters<typeof setup>[0];
    await expect(setup(project)).rejects.toThrow(/does not answer at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1 and is not installed here\.\nInstall and start it \(Debian\/Ubuntu\):\n  sudo apt-get install -y rabbitmq-server/);
    expect(provided).toEqual([]);
  } finally {
    for (const [key, value] of [["AMQP_URL", saved.url], ["PATH", saved.path]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
