import { describe, expect, it } from "vitest";
import { fixtures, runPlugin } from "../helpers/plugin-run.js";

const chain = ["koinos/rpc/chain/chain_rpc.proto"];

describe("plugin options", () => {
  it("rejects an unknown option, naming it", () => {
    expect(() => runPlugin(fixtures(), "target=ts,colour=blue", chain)).toThrow(/unknown option colour/);
  });

  it("rejects a bad value of its own options", () => {
    expect(() => runPlugin(fixtures(), "target=ts,messages=protobufjs", chain)).toThrow(/messages=protobufjs: expected ts-proto or protobuf-es/);
    expect(() => runPlugin(fixtures(), "target=ts,output_suffix=a/b", chain)).toThrow(/output_suffix=a\/b/);
    expect(() => runPlugin(fixtures(), "target=ts,event_topic=koinos.block.accept", chain)).toThrow(/expected <topic>:<message full name>/);
  });

  it("accepts ts-proto's options so one list serves both plugins", () => {
    const files = runPlugin(fixtures(), "target=ts,esModuleInterop=true,forceLong=string,outputServices=none,useExactTypes=false,env=node", chain);
    expect([...files.keys()]).toEqual(["koinos/rpc/chain/chain_rpc_mq.ts"]);
  });

  it.each([
    ["onlyTypes=true", /onlyTypes=true is not supported: it generates no encode\/decode methods/],
    ["outputEncodeMethods=false", /outputEncodeMethods=false is not supported/],
    ["outputEncodeMethods=decode-only", /outputEncodeMethods=decode-only is not supported/],
    ["outputPartialMethods=false", /outputPartialMethods=false is not supported: the runtime builds messages with fromPartial/],
    ["nestJs=true", /nestJs=true is not supported/],
    ["outputEncodeIncludeTypes=foo", /outputEncodeIncludeTypes=foo is not supported/],
  ])("refuses ts-proto's %s, under which the generated code could not work", (option, message) => {
    expect(() => runPlugin(fixtures(), `target=ts,${option}`, chain)).toThrow(message);
  });

  it("refuses an importSuffix that disagrees with import_extension", () => {
    expect(() => runPlugin(fixtures(), "target=ts,importSuffix=.js", chain)).toThrow(/importSuffix=.js needs import_extension=js \(it is none\)/);
    expect(runPlugin(fixtures(), "target=ts,importSuffix=.js,import_extension=js", chain).size).toBe(1);
  });

  it("names the output after output_suffix", () => {
    const files = runPlugin(fixtures(), "target=ts,output_suffix=.mq", chain);
    expect([...files.keys()]).toEqual(["koinos/rpc/chain/chain_rpc.mq.ts"]);
  });
});
