import { rmSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generateAndCompile } from "../helpers/generate-compile.js";
import { writeProtoTree } from "../helpers/plugin-run.js";

/**
 * Proto names that collide with JavaScript (reserved words, constructor,
 * __proto__, then) and with the generated code's own imports and exports
 * still give code that compiles strictly next to ts-proto's.
 */
const root = join(import.meta.dirname, "../..");
const dir = join(root, "test-results/hostile-names");

const hostile = `syntax = "proto3";
package hostile;
import "koinos/rpc/rpc.proto";
import "koinos_mq/options.proto";

message CallOptions { string x = 1; }
message RpcCaller {}
message defineService {}
message ClassService {}
message withCallDefaults {
  option (koinos_mq.topic) = "hostile.class.{new}";
  option (koinos_mq.topic) = "delete";
  option (koinos_mq.topic) = "2fa.enabled";
  option (koinos_mq.topic) = "9-lives.{cat}";
}

message class_request {
  oneof request {
    koinos.rpc.reserved_rpc reserved = 1;
    CallOptions delete = 2;
    RpcCaller new = 3;
    defineService constructor = 4;
    ClassService __proto__ = 5;
    withCallDefaults then = 6;
  }
}

message class_response {
  oneof response {
    koinos.rpc.reserved_rpc reserved = 1;
    koinos.rpc.error_status error = 2;
    CallOptions delete = 3;
    RpcCaller new = 4;
    defineService constructor = 5;
    ClassService __proto__ = 6;
    withCallDefaults then = 7;
  }
}

service class { rpc delete(class_request) returns (class_response); }
`;

it("names that clash with JavaScript or with the generated code's own names compile", { timeout: 120_000 }, () => {
  const protos = join(dir, "proto");
  rmSync(dir, { recursive: true, force: true });
  writeProtoTree(protos, { "hostile/hostile.proto": hostile });
  const options = ["esModuleInterop=true", "forceLong=string", "outputServices=none", "useExactTypes=false", "importSuffix=.js"];
  expect(
    generateAndCompile({ dir: join(dir, "out"), protos, messages: "ts_proto", messageOptions: options, ourOptions: ["target=ts", "import_extension=js"], resolution: "nodenext" }),
  ).toBe("");
});
