import type { CallOptions } from "./call-options.js";
import type { DeepPartial } from "./message-type.js";
import type { MethodDefinition } from "./service-definition.js";

/**
 * What generated clients call through. The bus implements it over RabbitMQ;
 * tests or other transports may implement it too.
 */
export interface RpcCaller {
  call<Req, Res>(method: MethodDefinition<Req, Res>, request: DeepPartial<Req>, options?: CallOptions): Promise<Res>;
}

/** A caller that fills in `defaults` for options a call leaves unset. */
export function withCallDefaults(caller: RpcCaller, defaults: CallOptions | undefined): RpcCaller {
  if (defaults === undefined) return caller;
  return {
    call: (method, request, options) => caller.call(method, request, options === undefined ? defaults : { ...defaults, ...options }),
  };
}
