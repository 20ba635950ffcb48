import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generateAndCompile } from "../helpers/generate-compile.js";
import { publicKoinosProto } from "../helpers/public-tree.js";

/**
 * Over the unmodified public Koinos schemas (github.com/koinos/koinos-proto),
 * which this repo does not hold: in CI the copy the npm package
 * koinos-precompiler-as@1.7.3 ships (6 of the 8 services, no
 * koinos/rpc/services.proto); with KOINOS_PROTO_DIR set, a checkout of the
 * full tree (v2.6.0: 8 services and the `koinos` gateway service).
 */
const full = (process.env["KOINOS_PROTO_DIR"] ?? "") !== "";
const dir = join(import.meta.dirname, "../../test-results/koinos-proto-tree");
const services = ["chain", "mempool", "block_store", "transaction_store", "contract_meta_store", "p2p", ...(full ? ["account_history", "koindx_tracker"] : [])];

it(`generates every service (${services.length}) and every broadcast topic, type-checking strictly`, { timeout: 120_000 }, () => {
  const tsc = generateAndCompile({
    dir,
    protos: publicKoinosProto(),
    messages: "ts_proto",
    messageOptions: ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"],
    ourOptions: ["target=ts", "import_extension=js"],
    resolution: "nodenext",
  });
  expect(tsc).toBe("");
  const files = readdirSync(join(dir, "gen"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"));
  const text = files.map((f) => readFileSync(join(dir, "gen", f), "utf8")).join("\n");
  for (const name of services) {
    const pascal = name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
    expect(text).toContain(`export const ${name.toUpperCase()}_ROUTING_KEY = "koinos.rpc.${name}";`);
    for (const symbol of [`const ${pascal}Service = defineService(`, `interface ${pascal}Server {`, `class ${pascal}Client {`]) expect(text).toContain(symbol);
  }
  expect(text.match(/= defineService\(/g)).toHaveLength(services.length);
  if (full) expect(text).toContain("export class KoinosClient {");
  // Every koinos.broadcast message has its topic in KoinosEvents.
  const events = readFileSync(join(dir, "gen/koinos/broadcast/broadcast_mq.ts"), "utf8");
  const map = events.split("export const KoinosEvents = {")[1]?.split("} as const;")[0] ?? "";
  expect(map.match(/^ {2}\S.*: \w+,$/gm)).toHaveLength(9);
  for (const message of ["blockAccepted", "blockIrreversible", "forkHeads", "transactionAccepted", "transactionFailed", "mempoolAccepted", "gossipStatus", "eventParcel"]) {
    expect(map).toContain(`: ${message}Type,`);
  }
});
