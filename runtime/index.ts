export { Bus, type BusStats, type ServedService } from "./bus.js";
export type { BusEvents } from "./bus-events.js";
export type { CallContext, HandlerResult } from "./call-context.js";
export type { CallOptions } from "./call-options.js";
export { connect } from "./connect.js";
export type { ConnectOptions, ReconnectOptions } from "./connect-options.js";
export {
  BusClosedError,
  ConnectionLostError,
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
export { fromPartial, type DeepPartial, type MessageOf, type MessageType, type MessageWriter } from "./message-type.js";
export { protobufEsType } from "./protobuf-es-type.js";
export type { RetryPolicy } from "./retry-policy.js";
export { withCallDefaults, type RpcCaller } from "./rpc-caller.js";
export type { RpcClientCounters } from "./rpc/rpc-client.js";
export type { RpcServerCounters } from "./rpc/rpc-server.js";
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
export { CONTENT_TYPE, EVENT_EXCHANGE, RPC_EXCHANGE, RPC_QUEUE_PREFIX } from "./topology.js";
export type { AnyDetail, ErrorStatus } from "./wire/error-status.js";
