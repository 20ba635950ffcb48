import { pascalCase, upperSnakeCase } from "./case.js";

/** The names generated for a service `name` (`block_store` -> `BlockStoreClient`, ...). */
export function serviceNames(name: string) {
  const pascal = pascalCase(name);
  return {
    /** The definition: routing key, envelope layout, methods. */
    definition: `${pascal}Service`,
    /** The interface a server implements. */
    server: `${pascal}Server`,
    /** The typed client class. */
    client: `${pascal}Client`,
    /** The routing key constant. */
    routingKey: `${upperSnakeCase(name)}_ROUTING_KEY`,
  };
}
