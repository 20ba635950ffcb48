import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Serializer } from "koilib";
import protobuf from "protobufjs";

/**
 * koilib's Serializer over proto sources: it takes a protobufjs JSON
 * descriptor, and the least code to get one is to let protobufjs parse the
 * .proto files themselves (keeping proto field names, and the
 * `(btype)`/`(koinos.btype)` options koilib reads). google/protobuf imports
 * come from protobufjs's bundled copies. Used by the benchmark and by the
 * koilib cross-check tests.
 */
export function koilibSerializer(dir: string, files: readonly string[]): Serializer {
  const root = new protobuf.Root();
  const bundled = dirname(createRequire(import.meta.url).resolve("protobufjs/package.json"));
  root.resolvePath = (_origin, target) => {
    if (!target.startsWith("google/")) return join(dir, target);
    return target === "google/protobuf/descriptor.proto" ? join(bundled, target) : target;
  };
  root.loadSync([...files], { keepCase: true });
  const serializer = new Serializer(root.toJSON() as ConstructorParameters<typeof Serializer>[0]);
  // Compare the same work: koilib would also verify address checksums on serialize.
  serializer.verifyChecksum = { serialize: false, deserialize: false };
  return serializer;
}
