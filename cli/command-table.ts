import type { Command } from "./command.js";
import { call } from "./commands/call.js";
import { describe } from "./commands/describe.js";
import { run as gateway, summary as gatewaySummary } from "./commands/gateway.js";
import { list } from "./commands/list.js";
import { publish } from "./commands/publish.js";
import { status } from "./commands/status.js";
import { tail } from "./commands/tail.js";

/**
 * The subcommands of `koinos-mq`, by name, in the order `--help` lists
 * them. A command plugs in with one import and one entry here.
 */
export const commands: Readonly<Record<string, Command>> = {
  list,
  describe,
  call,
  tail,
  publish,
  status,
  gateway: { summary: gatewaySummary, run: (argv) => gateway(argv) },
};
