import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { isKoinosType, type KoinosType } from "../koinos-type.js";
import { binaryToJson, type WalkContext } from "./binary-to-json.js";
import type { JsonObject, JsonValue } from "./json-value.js";
import { jsonToBinary } from "./json-to-binary.js";
import { KoinosJsonError } from "./koinos-json-error.js";
import { DEFAULT_MAX_DEPTH, type KoinosJsonOptions } from "./koinos-json-options.js";
import { toPublicError } from "./path-error.js";
import { planOf } from "./plan.js";

const noRegistry = () => undefined;
const defaults: WalkContext = { resolve: noRegistry, maxDepth: DEFAULT_MAX_DEPTH };

function context(options: KoinosJsonOptions | undefined): WalkContext {
  if (options === undefined) return defaults;
  const registry = options.registry;
  return { resolve: registry === undefined ? noRegistry : (name) => registry.get(name)?.desc, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH };
}

/**
 * Protobuf bytes of a message to its Koinos JSON, in one pass (no message
 * object in between): an object for every message but the well-known types
 * whose JSON is a string, number or array (Timestamp, Duration, ...).
 * @throws KoinosJsonError naming the field if the bytes are not a valid message of the type.
 */
export function koinosJsonFromBinary(desc: DescMessage, bytes: Uint8Array, options?: KoinosJsonOptions): JsonValue {
  try {
    return binaryToJson(planOf(desc), bytes, context(options));
  } catch (error) {
    throw toPublicError(error);
  }
}

/**
 * Koinos JSON of a message to canonical protobuf bytes, in one pass.
 * @throws KoinosJsonError naming the field (`block.header.previous: hex without 0x`) if the JSON is not Koinos JSON of the type.
 */
export function koinosJsonToBinary(desc: DescMessage, json: JsonValue, options?: KoinosJsonOptions): Uint8Array {
  try {
    return jsonToBinary(planOf(desc), json, context(options));
  } catch (error) {
    throw toPublicError(error);
  }
}

/**
 * A message in Koinos JSON: proto field names in declaration order,
 * defaults left out, 64-bit integers as strings, enums by name, bytes as
 * their `(koinos.btype)` says. `type` is a generated `<message>Type`
 * (or `protobufEsType(schema)`), or a protobuf-es schema.
 *
 * ```ts
 * const json = toKoinosJson(blockAcceptedType, event.message);
 * ```
 * @throws KoinosJsonError for the well-known types whose JSON is not an object (Timestamp, Duration, ...): use koinosJsonFromBinary.
 */
export function toKoinosJson<T>(type: KoinosType<T>, message: T, options?: KoinosJsonOptions): JsonObject;
export function toKoinosJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, options?: KoinosJsonOptions): JsonObject;
export function toKoinosJson(type: KoinosType<unknown> | DescMessage, message: unknown, options?: KoinosJsonOptions): JsonObject {
  let desc: DescMessage;
  let bytes: Uint8Array;
  if (isKoinosType(type)) {
    desc = type.desc;
    bytes = type.encode(message).finish();
  } else {
    desc = type;
    bytes = toBinary(type, message as MessageShape<DescMessage>);
  }
  const json = koinosJsonFromBinary(desc, bytes, options);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new KoinosJsonError(`${desc.typeName} is not an object in Koinos JSON: use koinosJsonFromBinary`, "");
  }
  return json;
}

/**
 * A typed message from Koinos JSON: accepts proto and lowerCamel names,
 * ignores unknown keys, takes `null` as unset, 64-bit integers as strings
 * or numbers, enums by name or number.
 *
 * ```ts
 * const request = fromKoinosJson(readContractRequestType, body);
 * ```
 * @throws KoinosJsonError naming the field if the JSON is not Koinos JSON of the type.
 */
export function fromKoinosJson<T>(type: KoinosType<T>, json: JsonValue, options?: KoinosJsonOptions): T;
export function fromKoinosJson<Desc extends DescMessage>(schema: Desc, json: JsonValue, options?: KoinosJsonOptions): MessageShape<Desc>;
export function fromKoinosJson(type: KoinosType<unknown> | DescMessage, json: JsonValue, options?: KoinosJsonOptions): unknown {
  if (isKoinosType(type)) return type.decode(koinosJsonToBinary(type.desc, json, options));
  return fromBinary(type, koinosJsonToBinary(type, json, options));
}
