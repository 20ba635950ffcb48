import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generateAndCompile } from "../helpers/generate-compile.js";

/**
 * Over the unmodified public Koinos schemas (github.com/koinos/koinos-proto),
 * which this repo does not hold: set KOINOS_PROTO_DIR to a checkout to run it.
 */
const tree = process.env["KOINOS_PROTO_DIR"];
const dir = join(import.meta.dirname, "../../test-results/koinos-proto-tree");

it.skipIf(tree === undefined)("generates every service and every broadcast topic, type-checking strictly", { timeout: 120_000 }, () => {
  const tsc = generateAndCompile({
    dir,
    protos: tree as string,
    messages: "ts_proto",
    messageOptions: ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"],
    ourOptions: ["target=ts", "import_extension=js"],
    resolution: "nodenext",
  });
  expect(tsc).toBe("");
  const files = readdirSync(join(dir, "gen"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"));
  const text = files.map((f) => readFileSync(join(dir, "gen", f), "utf8")).join("\n");
  const services = ["chain", "mempool", "block_store", "transaction_store", "contract_meta_store", "account_history", "p2p", "koindx_tracker"];
  for (const name of services) {
    const pascal = name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
    expect(text).toContain(`export const ${name.toUpperCase()}_ROUTING_KEY = "koinos.rpc.${name}";`);
    for (const symbol of [`const ${pascal}Service = defineService(`, `interface ${pascal}Server {`, `class ${pascal}Client {`]) expect(text).toContain(symbol);
  }
  expect(text.match(/= defineService\(/g)).toHaveLength(8);
  expect(text).toContain("export class KoinosClient {");
  // Every koinos.broadcast message has its topic in KoinosEvents.
  const events = readFileSync(join(dir, "gen/koinos/broadcast/broadcast_mq.ts"), "utf8");
  const map = events.split("export const KoinosEvents = {")[1]?.split("} as const;")[0] ?? "";
  expect(map.match(/^ {2}\S.*: \w+,$/gm)).toHaveLength(9);
  for (const message of ["blockAccepted", "blockIrreversible", "forkHeads", "transactionAccepted", "transactionFailed", "mempoolAccepted", "gossipStatus", "eventParcel"]) {
    expect(map).toContain(`: ${message},`);
  }
});
