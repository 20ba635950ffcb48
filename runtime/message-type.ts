/**
 * What the runtime needs of a generated message: ts-proto's `MessageFns<T>`
 * has exactly this shape, and `protobufEsType` adapts a protobuf-es schema.
 */
export interface MessageType<T> {
  /**
   * Encodes `message`, into `writer` when one is given (ts-proto's encode
   * takes a BinaryWriter of @bufbuild/protobuf/wire; the runtime passes one to
   * frame envelopes without copying), else into a writer of its own.
   */
  encode(message: T, writer?: MessageWriter): MessageWriter;
  decode(input: Uint8Array): T;
  /**
   * Builds a full message from a partial one. Declared with a `never`
   * parameter because ts-proto declares it generic under `useExactTypes`;
   * callers type the partial object as `DeepPartial<T>` instead.
   */
  fromPartial(object: never): T;
}

/** What `encode` writes to: a BinaryWriter of @bufbuild/protobuf/wire, seen only through `finish`. */
export interface MessageWriter {
  finish(): Uint8Array;
}

/** The message type a `MessageType` encodes. */
export type MessageOf<C> = C extends MessageType<infer T> ? T : never;

type Builtin = Date | Function | Uint8Array | string | number | bigint | boolean | undefined;

/**
 * A message with every field optional, recursively: what ts-proto's
 * `fromPartial` accepts (the same definition as ts-proto's `DeepPartial`).
 */
export type DeepPartial<T> = T extends Builtin
  ? T
  : T extends globalThis.Array<infer U>
    ? globalThis.Array<DeepPartial<U>>
    : T extends ReadonlyArray<infer U>
      ? ReadonlyArray<DeepPartial<U>>
      : T extends { $case: string }
        ? { [K in keyof Omit<T, "$case">]?: DeepPartial<T[K]> } & { $case: T["$case"] }
        : T extends {}
          ? { [K in keyof T]?: DeepPartial<T[K]> }
          : Partial<T>;

/** Builds a full message from a partial one (see `MessageType.fromPartial`). */
export function fromPartial<T>(type: MessageType<T>, partial: DeepPartial<T>): T {
  return (type.fromPartial as (object: DeepPartial<T>) => T)(partial);
}
