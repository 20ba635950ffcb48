import { createFileRegistry, fromBinary, isMessage, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import type { EventMap } from "../events/topic-types.js";
import { isKoinosType, type KoinosType } from "../koinos-type.js";
import type { MessageType } from "../message-type.js";
import type { ServiceDefinition } from "../service-definition.js";
import type { JsonValue } from "./json-value.js";
import { KoinosJsonError } from "./koinos-json-error.js";
import { koinosJsonFromBinary, koinosJsonToBinary } from "./koinos-json.js";

/** A message type a registry knows. */
export interface RegisteredType {
  /** The full proto name, `koinos.rpc.chain.get_head_info_response`. */
  readonly typeName: string;
  readonly desc: DescMessage;
  /** The generated codec, when a source brought one (a KoinosType, a service definition, an event map). */
  readonly codec: MessageType<unknown> | undefined;
}

/**
 * Message types by full proto name, for code that has bytes (or JSON) and
 * a type name but no generated type: a JSON-RPC gateway, a CLI, a log of
 * raw events. Also resolves the types packed in google.protobuf.Any.
 */
export interface TypeRegistry {
  /** The type of that full name, or undefined. */
  get(typeName: string): RegisteredType | undefined;
  /** Every type, in the order the sources brought them. */
  types(): IterableIterator<RegisteredType>;
  /**
   * Protobuf bytes of `typeName` to Koinos JSON (an object, except for
   * the well-known types whose JSON is a string, number or array); Any
   * fields resolve through this registry.
   * @throws KoinosJsonError if the type is unknown or the bytes are not a valid message of it.
   */
  toJson(typeName: string, bytes: Uint8Array): JsonValue;
  /**
   * Koinos JSON of `typeName` to canonical protobuf bytes; Any fields
   * resolve through this registry.
   * @throws KoinosJsonError if the type is unknown or the JSON is not Koinos JSON of it.
   */
  fromJson(typeName: string, json: JsonValue): Uint8Array;
}

/**
 * What a registry can be built from:
 * - a KoinosType (a generated `<message>Type`, or `protobufEsType(schema)`),
 * - a service definition (`ChainService`: its methods' types),
 * - an event map (`KoinosEvents`: its topics' types),
 * - a protobuf-es `DescFile` or `DescMessage`,
 * - a FileDescriptorSet, parsed or as bytes (the output of
 *   `protoc --include_imports --descriptor_set_out`, `buf build -o`, or
 *   Koinos's `koinos_descriptors.pb`),
 * - another registry.
 *
 * A type brings every message of its file and of the files that file
 * imports, transitively.
 */
export type TypeRegistrySource =
  | KoinosType<unknown>
  | ServiceDefinition
  | EventMap
  | DescFile
  | DescMessage
  | FileDescriptorSet
  | Uint8Array
  | TypeRegistry;

/**
 * Builds a registry from the given sources. The first source to name a
 * type wins, except that a source with a generated codec takes the place
 * of a descriptor-only entry of the same name.
 */
export function createTypeRegistry(...sources: TypeRegistrySource[]): TypeRegistry {
  const types = new Map<string, RegisteredType>();
  const files = new Set<DescFile>();
  const addMessage = (desc: DescMessage, codec: MessageType<unknown> | undefined) => {
    const known = types.get(desc.typeName);
    if (known === undefined || (known.codec === undefined && codec !== undefined)) {
      types.set(desc.typeName, { typeName: desc.typeName, desc, codec });
    }
  };
  const addFile = (file: DescFile) => {
    if (files.has(file)) return;
    files.add(file);
    const visit = (messages: readonly DescMessage[]) => {
      for (const m of messages) {
        addMessage(m, undefined);
        visit(m.nestedMessages);
      }
    };
    visit(file.messages);
    for (const dep of file.dependencies) addFile(dep);
  };
  const addType = (type: KoinosType<unknown>) => {
    addMessage(type.desc, type);
    addFile(type.desc.file);
  };
  for (const source of sources) {
    if (source instanceof Uint8Array) {
      addSet(fromBinary(FileDescriptorSetSchema, source), addFile);
    } else if (isMessage(source, FileDescriptorSetSchema)) {
      addSet(source, addFile);
    } else if (isKoinosType(source)) {
      addType(source);
    } else if (isRegistry(source)) {
      for (const t of source.types()) addMessage(t.desc, t.codec);
    } else if (isDesc(source, "file")) {
      addFile(source);
    } else if (isDesc(source, "message")) {
      addFile(source.file);
    } else if (isServiceDefinition(source)) {
      for (const method of Object.values(source.methods)) {
        addType(asKoinosType(method.requestType, `${source.name}.${method.name} request`));
        addType(asKoinosType(method.responseType, `${source.name}.${method.name} response`));
      }
    } else {
      for (const [topic, type] of Object.entries(source as EventMap)) addType(asKoinosType(type, `topic ${topic}`));
    }
  }
  return new Registry(types);
}

class Registry implements TypeRegistry {
  readonly #types: ReadonlyMap<string, RegisteredType>;
  readonly #options: { readonly registry: TypeRegistry };

  constructor(types: ReadonlyMap<string, RegisteredType>) {
    this.#types = types;
    this.#options = { registry: this };
  }

  get(typeName: string): RegisteredType | undefined {
    return this.#types.get(typeName);
  }

  types(): IterableIterator<RegisteredType> {
    return this.#types.values();
  }

  toJson(typeName: string, bytes: Uint8Array): JsonValue {
    return koinosJsonFromBinary(this.#desc(typeName), bytes, this.#options);
  }

  fromJson(typeName: string, json: JsonValue): Uint8Array {
    return koinosJsonToBinary(this.#desc(typeName), json, this.#options);
  }

  #desc(typeName: string): DescMessage {
    const type = this.#types.get(typeName);
    if (type === undefined) throw new KoinosJsonError(`unknown message type ${typeName}: not in the registry`, "");
    return type.desc;
  }
}

function addSet(set: FileDescriptorSet, addFile: (file: DescFile) => void): void {
  const registry = createFileRegistry(set);
  for (const file of registry.files) addFile(file);
}

function isRegistry(value: object): value is TypeRegistry {
  return value instanceof Registry;
}

function isDesc<K extends "file" | "message">(value: object, kind: K): value is Extract<DescFile | DescMessage, { kind: K }> {
  return (value as { kind?: unknown }).kind === kind && "proto" in value;
}

function isServiceDefinition(value: object): value is ServiceDefinition {
  const v = value as Partial<ServiceDefinition>;
  return typeof v.routingKey === "string" && typeof v.methods === "object" && v.byRequestField instanceof Map;
}

function asKoinosType(type: MessageType<unknown>, where: string): KoinosType<unknown> {
  if (isKoinosType(type)) return type;
  throw new TypeError(`${where}: the message type has no descriptor (generate the code with this version of protoc-gen-koinos-mq, or use protobufEsType)`);
}
