import { RpcError } from "./errors.js";
import type { ServiceImplementation } from "./rpc/service-implementation.js";
import type { ServiceDefinition } from "./service-definition.js";

/**
 * Handlers for every method of a service that answer with an error reply
 * `<method> is not implemented`: spread it under the methods a partial
 * server (a stub, a service growing method by method) does implement:
 * `{ ...unimplemented(ChainService), getHeadInfo }`.
 */
export function unimplemented<D extends ServiceDefinition>(definition: D): ServiceImplementation<D> {
  const handlers: Record<string, () => never> = {};
  for (const [key, method] of Object.entries(definition.methods)) {
    handlers[key] = () => {
      throw new RpcError(`${definition.name}.${method.name} is not implemented`);
    };
  }
  return handlers as unknown as ServiceImplementation<D>;
}
