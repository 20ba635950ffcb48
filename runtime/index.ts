/**
 * The runtime: the bus (`connect`), generated code's building blocks, errors,
 * Koinos JSON and the JSON-RPC caller.
 * @module koinos-mq-ts
 */
export type { Bus, BusStats, QueueStatus, ServedService } from "./bus.js";
export type { BusEvents } from "./bus-events.js";
export type { BusState } from "./bus-state.js";
export type { CallContext, HandlerResult, RequestProperties } from "./call-context.js";
export type { CallOptions } from "./call-options.js";
export { connect } from "./connect.js";
export type { ConnectOptions, ReconnectOptions, RequestDelivery } from "./connect-options.js";
export {
  BusClosedError,
  ConnectionLostError,
  DeclarationError,
  InvalidArgumentError,
  JsonRpcError,
  KoinosMqError,
  NoRouteError,
  OverloadedError,
  RpcAbortedError,
  RpcError,
  RpcTimeoutError,
  UnexpectedResponseError,
  isRetryable,
  type ErrorCode,
  type RpcErrorInit,
} from "./errors.js";
export { EventStream } from "./events/event-stream.js";
export type { PublishOptions } from "./events/publish-options.js";
export type { EventError, RawEvent, SubscribeOptions, Subscription, SubscriptionCounters } from "./events/subscription.js";
export { patternBuilder, topicBuilder } from "./events/topic-template.js";
export type { Event, EventFor, EventMap, PayloadFor, TopicOf } from "./events/topic-types.js";
export type { Logger } from "./logger.js";
export { createMemoryBus, type MemoryBusOptions } from "./memory/create-memory-bus.js";
export { createMemoryBroker, type MemoryBroker, type MemoryQueueInfo } from "./memory/memory-broker.js";
export type { MemoryBus } from "./memory/memory-bus.js";
export { fromPartial, type DeepPartial, type MessageOf, type MessageType, type MessageWriter } from "./message-type.js";
export { koinosType, type KoinosType } from "./koinos-type.js";
export type { JsonArray, JsonObject, JsonValue } from "./json/json-value.js";
export { KoinosJsonError } from "./json/koinos-json-error.js";
export { createJsonRpcCaller, jsonRpcMethodName, type JsonRpcCallerOptions } from "./jsonrpc/jsonrpc-caller.js";
export type { KoinosJsonOptions } from "./json/koinos-json-options.js";
export { fromKoinosJson, koinosJsonFromBinary, koinosJsonToBinary, toKoinosJson } from "./json/koinos-json.js";
export { createTypeRegistry, type RegisteredType, type TypeRegistry, type TypeRegistrySource } from "./json/type-registry.js";
export { protobufEsType } from "./protobuf-es-type.js";
export type { RetryPolicy } from "./retry-policy.js";
export { withCallDefaults, type RpcCaller } from "./rpc-caller.js";
export type { RpcClientCounters } from "./rpc/rpc-client.js";
export type { RpcServerCounters } from "./rpc/service-handler.js";
export type { ServeOptions } from "./rpc/serve-options.js";
export type { ServiceImplementation } from "./rpc/service-implementation.js";
export { unimplemented } from "./unimplemented.js";
export {
  defineService,
  type MethodDefinition,
  type MethodInit,
  type ServiceDefinition,
  type ServiceInit,
} from "./service-definition.js";
export { CONTENT_TYPE, DEADLINE_HEADER, EVENT_EXCHANGE, RPC_EXCHANGE, RPC_QUEUE_PREFIX } from "./topology.js";
export type { AnyDetail, ErrorStatus } from "./wire/error-status.js";
