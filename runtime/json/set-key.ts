import type { JsonObject, JsonValue } from "./json-value.js";

/**
 * Sets `obj[key]`, also for the key `__proto__` (a valid proto field name
 * and map key), which plain assignment would turn into a prototype change.
 */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
