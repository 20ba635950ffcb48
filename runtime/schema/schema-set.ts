import type { DescFile } from "@bufbuild/protobuf";
import { createTypeRegistry, type TypeRegistry } from "../json/type-registry.js";
import type { ServiceDefinition } from "../service-definition.js";
import { loadDescriptorFiles } from "./load-descriptor-files.js";
import { schemaFromDefinition } from "./schemas-from-definitions.js";
import { schemasFromFiles, type TopicSchema } from "./schemas-from-files.js";
import type { MethodSchema, ServiceSchema } from "./service-schema.js";

/**
 * The services, topics and message types a tool knows at run time: from
 * generated service definitions, from proto files (protobuf-es DescFiles)
 * or from descriptor files on disk.
 */
export interface SchemaSet {
  readonly services: readonly ServiceSchema[];
  readonly topics: readonly TopicSchema[];
  /** Every message of the schemas, by full name, for Koinos JSON (Any included). */
  readonly registry: TypeRegistry;
  /**
   * The method a JSON-RPC or command-line name means, as koinos-jsonrpc
   * resolves it: `chain.get_head_info` (service, then method) or
   * `koinos.rpc.chain.get_head_info` (the envelopes' package, then method);
   * undefined if there is none.
   */
  method(name: string): MethodSchema | undefined;
  /** The service named `chain` (or by its package, `koinos.rpc.chain`), if any. */
  service(name: string): ServiceSchema | undefined;
}

/** Where schemas come from. */
export type SchemaSource =
  | { readonly definitions: readonly ServiceDefinition[] }
  | { readonly files: readonly DescFile[] }
  /** A descriptor file, or a directory of them (see loadDescriptorFiles). */
  | { readonly descriptors: string };

export function schemaSet(source: SchemaSource): SchemaSet {
  if ("definitions" in source) {
    const services = source.definitions.map(schemaFromDefinition);
    return build(services, [], createTypeRegistry(...source.definitions));
  }
  const files = "files" in source ? source.files : loadDescriptorFiles(source.descriptors);
  const { services, topics } = schemasFromFiles(files);
  return build(services, topics, createTypeRegistry(...files));
}

function build(services: readonly ServiceSchema[], topics: readonly TopicSchema[], registry: TypeRegistry): SchemaSet {
  const byName = new Map<string, ServiceSchema>();
  for (const s of services) {
    if (!byName.has(s.name)) byName.set(s.name, s);
    byName.set(s.package, s);
  }
  const service = (name: string) => byName.get(name);
  return {
    services,
    topics,
    registry,
    service,
    method: (name) => {
      const dot = name.lastIndexOf(".");
      if (dot <= 0) return undefined;
      return service(name.substring(0, dot))?.methods.get(name.substring(dot + 1));
    },
  };
}
