import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtures, runPlugin } from "../helpers/plugin-run.js";

const chainFile = ["koinos/rpc/chain/chain_rpc.proto"];
const chainOut = (parameter: string) => runPlugin(fixtures(), parameter, chainFile).get("koinos/rpc/chain/chain_rpc_mq.ts") ?? "";
const importLines = (text: string) => text.split("\n").filter((line) => line.startsWith("import "));

describe("imports of the message code", () => {
  it.each([
    ["import_extension=js", '"./chain_rpc.js"'],
    ["import_extension=none", '"./chain_rpc"'],
    ["import_extension=ts", '"./chain_rpc.ts"'],
    ["import_extension=js,fileSuffix=.pb", '"./chain_rpc.pb.js"'],
  ])("follow %s", (options, path) => {
    expect(importLines(chainOut(`target=ts,${options}`)).at(-1)).toContain(`from ${path};`);
  });

  it("go to the module an M option maps the proto file to, as ts-proto's do", () => {
    const text = chainOut("target=ts,Mkoinos/rpc/chain/chain_rpc.proto=@acme/koinos-messages/chain");
    expect(importLines(text).at(-1)).toMatch(/^import \{ .*getHeadInfoRequest.* \} from "@acme\/koinos-messages\/chain";$/);
  });

  it("go to protoc-gen-es's _pb files with messages=protobuf-es, types imported as types", () => {
    const lines = importLines(chainOut("target=ts,import_extension=js,messages=protobuf-es"));
    expect(lines).toContainEqual(expect.stringMatching(/^import type \{ .*get_head_info_request, .* \} from "\.\/chain_rpc_pb\.js";$/));
    expect(lines).toContainEqual(expect.stringMatching(/^import \{ .*get_head_info_requestSchema, .* \} from "\.\/chain_rpc_pb\.js";$/));
  });

  it("take the runtime from the koinos-mq-ts package", () => {
    expect(importLines(chainOut("target=ts"))).toContain('import { defineService, koinosType, withCallDefaults } from "koinos-mq-ts";');
  });
});

describe("the committed generated/ code", () => {
  const ours = readdirSync(join(import.meta.dirname, "../../generated"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("_mq.ts"));

  it("uses no `any`", () => {
    expect(ours.length).toBeGreaterThan(0);
    for (const file of ours) {
      const code = readFileSync(join(import.meta.dirname, "../../generated", file), "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\/\/|\/\*\*|\*)/.test(line))
        .join("\n");
      expect(code, file).not.toMatch(/\bany\b/);
    }
  });
});
