import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { Bus, RpcCaller, ServiceDefinition, ServiceImplementation } from "koinos-mq-ts";
import { busFactory } from "../helpers/buses.js";
import { useVhost } from "../helpers/vhost.js";

/**
 * With messages=protobuf-es the generated services use protoc-gen-es's
 * messages; they must work over RabbitMQ as the ts-proto ones do.
 */
const vhost = useVhost(import.meta.filename);
const openBus = busFactory(vhost.url);
const root = join(import.meta.dirname, "../..");
const out = join(root, "test-results/protobuf-es-runtime");

interface ChainModule {
  ChainService: ServiceDefinition;
  ChainClient: new (caller: RpcCaller) => {
    getHeadInfo(): Promise<{ headTopology?: { height: string; id: Uint8Array }; lastIrreversibleBlock: string }>;
    invokeSystemCall(r: { systemCall: { case: "id"; value: bigint } }): Promise<{ value: Uint8Array }>;
  };
}
let chain: ChainModule;
let bus: Bus;

beforeAll(async () => {
  rmSync(out, { recursive: true, force: true });
  const template = {
    version: "v2",
    plugins: [
      { local: join(root, "node_modules/.bin/protoc-gen-es"), out, strategy: "all", opt: ["target=ts", "import_extension=js"] },
      { local: ["node", join(root, "dist/plugin/protoc-gen-koinos-mq.js")], out, strategy: "all", opt: ["target=ts", "import_extension=js", "messages=protobuf-es"] },
    ],
  };
  execFileSync(join(root, "node_modules/.bin/buf"), ["generate", "--template", JSON.stringify(template)], { cwd: root, stdio: "pipe" });
  chain = (await import(join(out, "koinos/rpc/chain/chain_rpc_mq.ts"))) as ChainModule;
  bus = await openBus();
}, 60_000);

it("serves and calls a service whose messages protoc-gen-es wrote", async () => {
  const impl = {
    getHeadInfo: () => ({ headTopology: { height: "42", id: new Uint8Array([1]) }, lastIrreversibleBlock: "40" }),
    invokeSystemCall: (req: { systemCall: { case?: string; value?: unknown } }) => ({ value: new TextEncoder().encode(`${req.systemCall.case}=${String(req.systemCall.value)}`) }),
  } as unknown as ServiceImplementation<ServiceDefinition>;
  for (const key of Object.keys(chain.ChainService.methods)) {
    (impl as Record<string, unknown>)[key] ??= () => ({});
  }
  await bus.serve(chain.ChainService, impl);
  const client = new chain.ChainClient(bus);
  const head = await client.getHeadInfo();
  expect(head.headTopology?.height).toBe("42");
  expect(head.headTopology?.id).toEqual(new Uint8Array([1]));
  expect(head.lastIrreversibleBlock).toBe("40");
  const r = await client.invokeSystemCall({ systemCall: { case: "id", value: -5n } });
  expect(new TextDecoder().decode(r.value)).toBe("id=-5");
});
