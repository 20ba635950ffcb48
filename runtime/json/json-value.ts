/** A JSON value, as `JSON.parse` returns it and `JSON.stringify` takes it. */
export type JsonValue = null | boolean | number | string | JsonArray | JsonObject;

/** A JSON array. */
export type JsonArray = JsonValue[];

/** A JSON object: what Koinos JSON makes of a message. */
export interface JsonObject {
  [key: string]: JsonValue;
}
