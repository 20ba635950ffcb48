import type { CallContext, HandlerResult } from "../call-context.js";
import type { MethodDefinition, ServiceDefinition } from "../service-definition.js";

/** The handlers a service definition needs: what a generated `<Name>Server` interface spells out. */
export type ServiceImplementation<D extends ServiceDefinition> = {
  readonly [K in keyof D["methods"]]: D["methods"][K] extends MethodDefinition<infer Req, infer Res>
    ? (request: Req, context: CallContext) => HandlerResult<Res>
    : never;
};
