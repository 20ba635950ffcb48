/**
 * `koinos-mq-ts/jsonrpc`: the JSON-RPC gateway to the Koinos bus, drop-in
 * for koinos-jsonrpc. A subpath of its own, so that users of the bus alone
 * load no HTTP code and none of its dependencies.
 * @module koinos-mq-ts/jsonrpc
 */
export { createJsonRpcGateway, type JsonRpcGateway, type JsonRpcGatewayStats } from "./gateway.js";
export type { JsonRpcGatewayOptions } from "./gateway-options.js";
export { JsonRpcErrorCode } from "./error-codes.js";
export { schemaSet, type SchemaSet, type SchemaSource } from "../schema/schema-set.js";
export type { TopicSchema } from "../schema/schemas-from-files.js";
export { qualifiedMethodName, type MethodSchema, type ServiceSchema } from "../schema/service-schema.js";
