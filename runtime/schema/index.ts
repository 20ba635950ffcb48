/**
 * Schemas at run time, for tools that are not generated for one set of
 * services: the JSON-RPC gateway and the command-line tool.
 */
export { loadDescriptorFiles } from "./load-descriptor-files.js";
export { rawBytesType } from "./raw-bytes-type.js";
export { schemaSet, type SchemaSet, type SchemaSource } from "./schema-set.js";
export { schemaFromDefinition } from "./schemas-from-definitions.js";
export { schemasFromFiles, type TopicSchema } from "./schemas-from-files.js";
export { topicSchemaOf } from "./topic-schema-of.js";
export { qualifiedMethodName, type MethodSchema, type ServiceSchema } from "./service-schema.js";
