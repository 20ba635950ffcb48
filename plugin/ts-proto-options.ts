/**
 * The ts-proto options this plugin reads, so that users can pass one option
 * list to both plugins. Options that change names or import paths are applied
 * exactly as ts-proto applies them (ts-proto src/options.ts, src/case.ts,
 * src/visit.ts, src/utils.ts); options that remove what the generated code
 * calls are refused; the rest are accepted and ignored.
 */
export interface TsProtoOptions {
  /** `snakeToCamel` contains `keys`: snake_case type names are camel-cased. */
  readonly snakeToCamelKeys: boolean;
  readonly useSnakeTypeName: boolean;
  readonly typePrefix: string;
  readonly typeSuffix: string;
  readonly messagePrefix: string;
  readonly messageSuffix: string;
  readonly fileSuffix: string;
  readonly importSuffix: string;
  /** `M<file.proto>=<module>`: the module that holds a proto file's messages. */
  readonly moduleMap: ReadonlyMap<string, string>;
}

/** Every option ts-proto 2.x knows (its defaultOptions()), besides `M…`. */
const knownKeys = new Set([
  "context", "useContextDataloaders", "snakeToCamel", "protoJsonFormat", "forceLong",
  "useJsTypeOverride", "globalThisPolyfill", "useOptionals", "emitDefaultValues", "useDate",
  "useJsonTimestamp", "useMongoObjectId", "oneof", "esModuleInterop", "fileSuffix",
  "importSuffix", "outputEncodeMethods", "outputEncodeIncludeTypes", "outputDecodeIncludeTypes",
  "outputJsonMethods", "outputPartialMethods", "outputTypeAnnotations", "outputTypeRegistry",
  "stringEnums", "constEnums", "removeEnumPrefix", "enumsAsLiterals", "outputClientImpl",
  "outputServices", "addGrpcMetadata", "metadataType", "addNestjsRestParameter",
  "useNestjsFqnServiceName", "returnObservable", "lowerCaseServiceMethods", "nestJs", "env",
  "unrecognizedEnum", "unrecognizedEnumName", "unrecognizedEnumValue", "exportCommonSymbols",
  "outputSchema", "onlyTypes", "emitImportedFiles", "useAbortSignal", "useExactTypes",
  "useAsyncIterable", "unknownFields", "usePrototypeForDefaults", "useJsonName",
  "useJsonWireFormat", "useNumericEnumForJson", "initializeFieldsAsUndefined", "useMapType",
  "useReadonlyTypes", "useUnknownForValue", "useSnakeTypeName", "outputExtensions",
  "outputIndex", "rpcBeforeRequest", "rpcAfterResponse", "rpcErrorHandler", "comments",
  "disableProto2Optionals", "disableProto2DefaultValues", "useNullAsOptional",
  "annotateFilesWithVersion", "noDefaultsForOptionals", "bigIntLiteral", "typePrefix",
  "typeSuffix", "messagePrefix", "messageSuffix", "enumPrefix", "enumSuffix", "useDuration",
  "anyType",
]);

/** Options that take away encode, decode or fromPartial, which the runtime calls. */
const refused: Record<string, (value: string) => string | undefined> = {
  onlyTypes: (v) => (v === "true" ? "it generates no encode/decode methods" : undefined),
  nestJs: (v) => (v === "true" ? "it turns off encode/decode and fromPartial methods" : undefined),
  outputEncodeMethods: (v) => (v === "true" ? undefined : "the runtime encodes requests and decodes responses"),
  outputPartialMethods: (v) => (v === "false" ? "the runtime builds messages with fromPartial" : undefined),
  outputEncodeIncludeTypes: (v) => (v === "" ? undefined : "the runtime must encode every request, response and event"),
  outputDecodeIncludeTypes: (v) => (v === "" ? undefined : "the runtime must decode every request, response and event"),
};

/** True if `key` is a ts-proto option (so the caller should hand it here). */
export function isTsProtoOption(key: string): boolean {
  return knownKeys.has(key) || (key.startsWith("M") && key.endsWith(".proto"));
}

/** Reads the ts-proto options among the plugin's raw options. */
export function parseTsProtoOptions(raw: readonly { key: string; value: string }[]): TsProtoOptions {
  const moduleMap = new Map<string, string>();
  const values = new Map<string, string>();
  for (const { key, value } of raw) {
    if (key.startsWith("M") && key.endsWith(".proto")) {
      moduleMap.set(key.substring(1), value);
      continue;
    }
    const reason = refused[key]?.(value);
    if (reason !== undefined) {
      throw new Error(`ts-proto option ${key}=${value} is not supported: ${reason}`);
    }
    values.set(key, value);
  }
  return {
    snakeToCamelKeys: snakeToCamelHasKeys(values.get("snakeToCamel")),
    useSnakeTypeName: values.get("useSnakeTypeName") !== "false",
    typePrefix: values.get("typePrefix") ?? "",
    typeSuffix: values.get("typeSuffix") ?? "",
    messagePrefix: values.get("messagePrefix") ?? "",
    messageSuffix: values.get("messageSuffix") ?? "",
    fileSuffix: values.get("fileSuffix") ?? "",
    importSuffix: values.get("importSuffix") ?? "",
    moduleMap,
  };
}

/** ts-proto: `true` means keys and json, `false` none, a string is `_`-separated. */
function snakeToCamelHasKeys(value: string | undefined): boolean {
  if (value === undefined || value === "true") return true;
  if (value === "false") return false;
  return value.split("_").includes("keys");
}
