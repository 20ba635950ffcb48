import type { MethodSchema, SchemaSet } from "../runtime/schema/index.js";
import { usageError, type CliError } from "./cli-error.js";

/** The method `name` means (`chain.get_head_info` or `koinos.rpc.chain.get_head_info`), or a usage error that says what exists. */
export function findMethod(schema: SchemaSet, name: string): MethodSchema {
  const method = schema.method(name);
  if (method !== undefined) return method;
  throw unknownMethodError(schema, name) ?? usageError(`the schema has no method ${JSON.stringify(name)}; name it service.method (chain.get_head_info); \`koinos-mq list\` shows the services`);
}

/** When `name` is a known service and an unknown method, the error that lists the service's methods. */
export function unknownMethodError(schema: SchemaSet, name: string): CliError | undefined {
  const dot = name.lastIndexOf(".");
  const service = dot > 0 ? schema.service(name.substring(0, dot)) : undefined;
  if (service === undefined) {
    const asService = schema.service(name);
    return asService === undefined ? undefined : usageError(`${name} is a service; name one of its methods: ${[...asService.methods.keys()].map((m) => `${asService.name}.${m}`).join(", ")}`);
  }
  return usageError(`${service.name} has no method ${JSON.stringify(name.substring(dot + 1))}; its methods: ${[...service.methods.keys()].join(", ")}`);
}
