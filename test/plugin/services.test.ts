import { describe, expect, it } from "vitest";
import { compileProtos, fixtures, runPlugin } from "../helpers/plugin-run.js";

const params = "target=ts,import_extension=js";

/** The output for one proto file. */
function output(files: Map<string, string>, name: string): string {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no output ${name}; got ${[...files.keys()].join(", ")}`);
  return text;
}

/** `[method, requestField, responseField]` of every method in a generated definition. */
function methodTable(text: string): [string, number, number][] {
  return [...text.matchAll(/^ {4}(\w+\$?): \{\n {6}name: "(\w+)",\n {6}requestField: (\d+),\n {6}responseField: (\d+),/gm)].map((m) => [
    String(m[1]),
    Number(m[3]),
    Number(m[4]),
  ]);
}

/** Compiles `text` as `svc/test.proto` next to the fixtures and runs the plugin on it alone. */
function generateOne(text: string, parameter = params): string {
  const files = runPlugin(compileProtos({ "svc/test.proto": text }), parameter, ["svc/test.proto"]);
  return output(files, "svc/test_mq.ts");
}

const header = `syntax = "proto3";\npackage svc;\nimport "koinos/rpc/rpc.proto";\n`;

describe("the Koinos fixtures", () => {
  const files = runPlugin(fixtures(), params);

  it("yield one file per proto file, well-known types excepted", () => {
    expect([...files.keys()].sort()).toEqual([
      "indexer/indexer_mq.ts",
      "koinos/account_history/account_history_mq.ts",
      "koinos/block_store/block_store_mq.ts",
      "koinos/broadcast/broadcast_mq.ts",
      "koinos/chain/chain_mq.ts",
      "koinos/chain/error_mq.ts",
      "koinos/common_mq.ts",
      "koinos/contract_meta_store/contract_meta_store_mq.ts",
      "koinos/mempool/mempool_mq.ts",
      "koinos/options_mq.ts",
      "koinos/protocol/protocol_mq.ts",
      "koinos/rpc/account_history/account_history_rpc_mq.ts",
      "koinos/rpc/block_store/block_store_rpc_mq.ts",
      "koinos/rpc/chain/chain_rpc_mq.ts",
      "koinos/rpc/contract_meta_store/contract_meta_store_rpc_mq.ts",
      "koinos/rpc/mempool/mempool_rpc_mq.ts",
      "koinos/rpc/p2p/p2p_rpc_mq.ts",
      "koinos/rpc/rpc_mq.ts",
      "koinos/rpc/services_mq.ts",
      "koinos/rpc/transaction_store/transaction_store_rpc_mq.ts",
      "koinos/transaction_store/transaction_store_mq.ts",
      "koinos_mq/options_mq.ts",
    ]);
  });

  it("yield files only for services and events with messages=protobuf-es (protoc-gen-es's _pb files hold the rest)", () => {
    expect([...runPlugin(fixtures(), `${params},messages=protobuf-es`).keys()].sort()).toEqual([
      "indexer/indexer_mq.ts",
      "koinos/broadcast/broadcast_mq.ts",
      "koinos/rpc/account_history/account_history_rpc_mq.ts",
      "koinos/rpc/block_store/block_store_rpc_mq.ts",
      "koinos/rpc/chain/chain_rpc_mq.ts",
      "koinos/rpc/contract_meta_store/contract_meta_store_rpc_mq.ts",
      "koinos/rpc/mempool/mempool_rpc_mq.ts",
      "koinos/rpc/p2p/p2p_rpc_mq.ts",
      "koinos/rpc/services_mq.ts",
      "koinos/rpc/transaction_store/transaction_store_rpc_mq.ts",
    ]);
  });

  it.each([
    ["chain", "CHAIN", "Chain", 11],
    ["mempool", "MEMPOOL", "Mempool", 7],
    ["block_store", "BLOCK_STORE", "BlockStore", 4],
    ["p2p", "P2P", "P2p", 1],
    ["transaction_store", "TRANSACTION_STORE", "TransactionStore", 1],
    ["contract_meta_store", "CONTRACT_META_STORE", "ContractMetaStore", 1],
    ["account_history", "ACCOUNT_HISTORY", "AccountHistory", 1],
  ])("give %s a routing key, a definition, a server interface and a client", (name, upper, pascal, methods) => {
    const text = output(files, `koinos/rpc/${name}/${name}_rpc_mq.ts`);
    expect(text).toContain(`export const ${upper}_ROUTING_KEY = "koinos.rpc.${name}";`);
    expect(text).toContain(`export const ${pascal}Service = defineService({`);
    expect(text).toContain(`export interface ${pascal}Server {`);
    expect(text).toContain(`export class ${pascal}Client {`);
    expect(methodTable(text)).toHaveLength(methods);
  });

  it("match request and response members by name: each response field is the request field plus one", () => {
    const table = methodTable(output(files, "koinos/rpc/chain/chain_rpc_mq.ts"));
    expect(table.slice(0, 3)).toEqual([
      ["submitBlock", 2, 3],
      ["submitTransaction", 3, 4],
      ["getHeadInfo", 4, 5],
    ]);
    expect(table.every(([, request, response]) => response === request + 1)).toBe(true);
  });

  it("type client methods with ts-proto's names, and let empty requests be left out", () => {
    const text = output(files, "koinos/rpc/chain/chain_rpc_mq.ts");
    expect(text).toMatch(/^import \{ chainRequest, chainResponse, getAccountNonceRequest, .*getHeadInfoRequest, getHeadInfoResponse, .* \} from "\.\/chain_rpc\.js";$/m);
    expect(text).toContain("      responseType: getHeadInfoResponseType,");
    expect(text).toContain("getHeadInfo(request: DeepPartial<getHeadInfoRequest> = {}, options?: CallOptions): Promise<getHeadInfoResponse> {");
    expect(text).toContain("readContract(request: DeepPartial<readContractRequest>, options?: CallOptions): Promise<readContractResponse> {");
    expect(text).toContain("getHeadInfo(request: getHeadInfoRequest, context: CallContext): HandlerResult<getHeadInfoResponse>;");
  });

  it("carry proto comments into JSDoc", () => {
    const text = output(files, "koinos/rpc/chain/chain_rpc_mq.ts");
    expect(text).toContain("   * The head block, the last irreversible height and the head state root.\n   *\n   * Sends `get_head_info` to `koinos.rpc.chain`.");
  });

  it("document the service with what it is, not with its envelope's comment", () => {
    const text = output(files, "koinos/rpc/chain/chain_rpc_mq.ts");
    expect(text).toContain("/**\n * The chain microservice on queue `koinos.rpc.chain`: envelopes, methods and codecs.");
    expect(text).not.toContain("Request envelope: exactly one member is set.");
  });

  it("give the gateway's methods the docs of the methods they stand for, and no section headings", () => {
    const text = output(files, "koinos/rpc/services_mq.ts");
    expect(text).toContain("   * Apply a transaction to the pending state.\n   *\n   * Sends `submit_transaction` to `koinos.rpc.chain`.");
    for (const heading of ["Block store", "Chain", "Mempool", "P2P"]) expect(text).not.toMatch(new RegExp(`^ +\\* ${heading}$`, "m"));
  });

  it("is deterministic", () => {
    expect(runPlugin(fixtures(), params)).toEqual(files);
  });
});

describe("matching by name", () => {
  it("works whatever the member order and numbers", () => {
    const text = generateOne(`${header}
      message a_request {} message a_response {}
      message b_request {} message b_response {}
      message thing_request { oneof request { koinos.rpc.reserved_rpc reserved = 1; a_request a = 7; b_request b = 3; } }
      message thing_response { oneof response { b_response b = 20; koinos.rpc.error_status error = 9; a_response a = 2; koinos.rpc.reserved_rpc reserved = 5; } }`);
    expect(methodTable(text)).toEqual([
      ["a", 7, 2],
      ["b", 3, 20],
    ]);
    expect(text).toContain("reservedField: { request: 1, response: 5 },");
    expect(text).toContain("errorField: 9,");
  });

  it("needs no reserved member", () => {
    const text = generateOne(`${header}
      message a_request {} message a_response {}
      message thing_request { oneof request { a_request a = 1; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`);
    expect(text).not.toContain("reservedField");
  });
});

describe("a malformed envelope pair is an error naming the file, line and element", () => {
  const ok = `message a_request {} message a_response {}`;
  it.each([
    [
      "a request member without a response member",
      `${ok} message thing_request { oneof request { a_request a = 1; a_request b = 2; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`,
      /^svc\/test\.proto:4:\d+: field svc\.thing_request\.b: has no response member named "b" in svc\.thing_response$/,
    ],
    [
      "a response member without a request member",
      `${ok} message thing_request { oneof request { a_request a = 1; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; a_response c = 3; } }`,
      /^svc\/test\.proto:5:\d+: field svc\.thing_response\.c: has no request member named "c" in svc\.thing_request$/,
    ],
    [
      "a member that is not a message",
      `${ok} message thing_request { oneof request { a_request a = 1; string b = 2; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`,
      /field svc\.thing_request\.b: every member of a service envelope must be a message, not a scalar$/,
    ],
    [
      "no error member",
      `${ok} message thing_request { oneof request { a_request a = 1; } }
      message thing_response { oneof response { a_response a = 2; } }`,
      /oneof svc\.thing_response\.response: a service response envelope needs an "error" member of type koinos\.rpc\.error_status$/,
    ],
    [
      "an error member of another type",
      `${ok} message thing_request { oneof request { a_request a = 1; } }
      message thing_response { oneof response { a_response error = 1; a_response a = 2; } }`,
      /field svc\.thing_response\.error: the error member must be koinos\.rpc\.error_status .*, not svc\.a_response$/,
    ],
    [
      "no response envelope",
      `${ok} message thing_request { oneof request { a_request a = 1; } }`,
      /^svc\/test\.proto:\d+:\d+: message svc\.thing_request: a service request envelope needs a response envelope thing_response in the same file$/,
    ],
    [
      "no request envelope",
      `${ok} message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`,
      /message svc\.thing_response: a service response envelope needs a request envelope thing_request in the same file$/,
    ],
    [
      "a field outside the oneof",
      `${ok} message thing_request { oneof request { a_request a = 1; } string note = 5; }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`,
      /field svc\.thing_request\.note: a service envelope may hold only its oneof "request"$/,
    ],
    [
      "a reserved member on one side only",
      `${ok} message thing_request { oneof request { koinos.rpc.reserved_rpc reserved = 1; a_request a = 2; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`,
      /field svc\.thing_request\.reserved: "reserved" must be a member of both envelopes, or of neither$/,
    ],
    [
      "two members with one method name",
      `${ok} message thing_request { oneof request { a_request get_x = 1; a_request GET_X = 2; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response get_x = 2; a_response GET_X = 3; } }`,
      /field svc\.thing_request\.GET_X: its method name getX is also the name of member "get_x"$/,
    ],
  ])("%s", (_, body, message) => {
    expect(() => generateOne(`${header}${body}`)).toThrow(message);
  });
});

describe("routing keys", () => {
  const service = (pkg: string) => `syntax = "proto3";\npackage ${pkg};\nimport "koinos/rpc/rpc.proto";
    message a_request {} message a_response {}
    message chain_request { oneof request { a_request a = 1; } }
    message chain_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`;

  it("shared by services of two packages are an error naming both", () => {
    const set = compileProtos({ "a/chain.proto": service("a"), "b/chain.proto": service("b") });
    expect(() => runPlugin(set, params, ["a/chain.proto", "b/chain.proto"])).toThrow(
      "routing key koinos.rpc.chain belongs to two services: a.chain_request (a/chain.proto:5:5) and b.chain_request (b/chain.proto:5:5); their servers would take each other's requests from one queue",
    );
  });

  it("shared with a file this run does not generate are left to the run that does", () => {
    const set = compileProtos({ "a/chain.proto": service("a"), "b/chain.proto": service("b") });
    expect([...runPlugin(set, params, ["a/chain.proto"]).keys()]).toEqual(["a/chain_mq.ts"]);
  });
});

describe("generated names", () => {
  it("are safe for members named like built-in properties", () => {
    const text = generateOne(`${header}
      message a_request {} message a_response {}
      message thing_request { oneof request { a_request constructor = 1; a_request then = 2; a_request __proto__ = 3; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response constructor = 2; a_response then = 3; a_response __proto__ = 4; } }`);
    // Underscores fall away in camel case, so __proto__ becomes a harmless `proto`.
    expect(methodTable(text).map(([m]) => m)).toEqual(["constructor$", "then$", "proto"]);
    expect(text).toContain("  constructor$(request: DeepPartial<aRequest> = {}, options?: CallOptions)");
  });

  it("carry @deprecated from members and request messages", () => {
    const text = generateOne(`${header}
      message a_request { option deprecated = true; } message a_response {}
      message thing_request { oneof request { a_request old = 1; a_request older = 2 [deprecated = true]; a_request fresh = 3; } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response old = 2; a_response older = 3; a_response fresh = 4; } }
      message fresh_request {}`);
    const docs = [...text.matchAll(/\/\*\*\n((?: +\*.*\n)*?) +\*\/\n +(\w+)\(request: DeepPartial/g)].map((m) => [m[2], String(m[1]).includes("@deprecated")]);
    expect(docs).toEqual([
      ["old", true],
      ["older", true],
      ["fresh", true],
    ]);
  });
});

describe("docs", () => {
  const pair = (comment: string) => `message a_request {} message a_response {}
    ${comment}
    message thing_request { oneof request { a_request a = 1; } }
    message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`;
  /** The JSDoc right above `declaration`, without its opening line. */
  const docOf = (text: string, declaration: string) => {
    const before = text.slice(0, text.indexOf(declaration));
    return before.slice(before.lastIndexOf("/**\n") + 4);
  };

  it("do not open the service's doc with its request envelope's comment", () => {
    const text = generateOne(`${header}${pair("// Request envelope: one member is set.")}`);
    const doc = docOf(text, "export const ThingService");
    expect(doc.split("\n")[0]).toBe(" * The thing microservice on queue `koinos.rpc.thing`: envelopes, methods and codecs. Serve it with `bus.serve(ThingService, impl)`; call it with `new ThingClient(bus)`.");
    expect(text).not.toContain("Request envelope: one member is set.");
  });

  it("mark the service @deprecated when its request envelope is", () => {
    const text = generateOne(`${header}${pair("").replace("message thing_request {", "message thing_request { option deprecated = true;")}`);
    expect(docOf(text, "export const ThingService")).toContain(" * @deprecated");
  });

  it("give a gateway method the doc of the method it stands for, not a heading above its rpc", () => {
    const text = generateOne(`${header}
      message a_request {} message a_response {} message b_request {} message b_response {}
      message thing_request { oneof request {
        // Does a.
        a_request a = 1;
        b_request b = 2;
      } }
      message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; b_response b = 3; } }
      service gate {
        // Things
        rpc call_a(a_request) returns (a_response);
        // Calls b, which says nothing of itself.
        rpc call_b(b_request) returns (b_response);
      }`);
    const client = text.split("export class GateClient")[1] ?? "";
    expect(client).toContain("   * Does a.\n   *\n   * Sends `a` to `koinos.rpc.thing`.");
    expect(client).not.toContain("Things");
    expect(client).toContain("   * Calls b, which says nothing of itself.\n   *\n   * Sends `b` to `koinos.rpc.thing`.");
  });
});

describe("gateway services", () => {
  const envelope = `message a_request {} message a_response {} message b_request {}
    message thing_request { oneof request { a_request a = 1; } }
    message thing_response { oneof response { koinos.rpc.error_status error = 1; a_response a = 2; } }`;

  it("a service none of whose rpcs take envelope members is left alone", () => {
    const files = runPlugin(compileProtos({ "svc/test.proto": `${header}${envelope} service plain { rpc b(b_request) returns (b_request); }` }), params, ["svc/test.proto"]);
    expect(output(files, "svc/test_mq.ts")).not.toContain("PlainClient");
  });

  it("routes each rpc to the envelope service that owns it, even in the same file", () => {
    const text = generateOne(`${header}${envelope} service gate { rpc call_a(a_request) returns (a_response); }`);
    expect(text).toContain("export class GateClient {");
    expect(text).toContain("return this.#caller.call(ThingService.methods.a, request, options);");
  });

  it.each([
    ["an rpc that takes no envelope member", "rpc a(a_request) returns (a_response); rpc b(b_request) returns (b_request);", /rpc svc\.gate\.b: takes svc\.b_request, which is no member of a Koinos service request envelope/],
    ["an rpc whose response differs", "rpc a(a_request) returns (b_request);", /rpc svc\.gate\.a: returns svc\.b_request, but a request of type svc\.a_request is answered with svc\.a_response \(thing\.a\)/],
    ["a streaming rpc", "rpc a(a_request) returns (stream a_response);", /rpc svc\.gate\.a: is server streaming; Koinos services answer one request with one response/],
  ])("%s is an error", (_, rpcs, message) => {
    expect(() => generateOne(`${header}${envelope} service gate { ${rpcs} }`)).toThrow(message);
  });
});
