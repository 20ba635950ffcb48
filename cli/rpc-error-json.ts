import type { RpcError } from "../runtime/errors.js";
import { base64UrlEncode } from "../runtime/json/bytes/base64url.js";
import type { JsonObject, JsonValue } from "../runtime/json/json-value.js";
import { koinosJsonFromBinary } from "../runtime/json/koinos-json.js";
import { KoinosJsonError } from "../runtime/json/koinos-json-error.js";
import type { ServiceSchema } from "../runtime/schema/index.js";
import type { TypeRegistry } from "../runtime/json/type-registry.js";
import { encodeErrorStatus } from "../runtime/wire/error-status.js";

/**
 * A service's error reply as Koinos JSON of its error member
 * (koinos.rpc.error_status: `message`, `data`, `details`), written by the
 * Koinos JSON codec with the packed details resolved through the schema.
 * When a detail's type is not in the schema, that detail keeps its bytes
 * (`{"@type": ..., "value": <base64url>}`) rather than being lost.
 */
export function rpcErrorJson(error: RpcError, service: ServiceSchema, registry: TypeRegistry): JsonValue {
  const status = { message: error.reason, data: error.data, details: error.details };
  const errorType = service.responseEnvelope.fields.find((f) => f.name === "error")?.message;
  if (errorType !== undefined) {
    try {
      return koinosJsonFromBinary(errorType, encodeErrorStatus(status), { registry });
    } catch (problem) {
      if (!(problem instanceof KoinosJsonError)) throw problem;
      // A detail of a type the schema does not know: written by hand below.
    }
  }
  const json: JsonObject = {};
  if (status.message !== "") json["message"] = status.message;
  if (status.data !== "") json["data"] = status.data;
  if (status.details.length > 0) {
    json["details"] = status.details.map((d) => {
      const typeName = d.typeUrl.substring(d.typeUrl.lastIndexOf("/") + 1);
      try {
        const fields = registry.toJson(typeName, d.value);
        if (typeof fields === "object" && fields !== null && !Array.isArray(fields)) return { "@type": d.typeUrl, ...fields };
      } catch (problem) {
        if (!(problem instanceof KoinosJsonError)) throw problem;
        // Unknown or undecodable: its bytes are kept below.
      }
      return { "@type": d.typeUrl, value: base64UrlEncode(d.value) };
    });
  }
  return json;
}
