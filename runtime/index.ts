export type { CallContext, HandlerResult } from "./call-context.js";
export type { CallOptions } from "./call-options.js";
export { fromPartial, type DeepPartial, type MessageOf, type MessageType } from "./message-type.js";
export type { RetryPolicy } from "./retry-policy.js";
export { withCallDefaults, type RpcCaller } from "./rpc-caller.js";
export {
  defineService,
  type MethodDefinition,
  type MethodInit,
  type ServiceDefinition,
  type ServiceInit,
} from "./service-definition.js";
