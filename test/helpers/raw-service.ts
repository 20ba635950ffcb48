import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { defineService, type MessageType } from "koinos-mq-ts";

/** A member's bytes as they are: what a handler gets is what was on the wire, unknown fields and all. */
const rawBytes: MessageType<Uint8Array> = {
  encode: (message, writer) => (writer instanceof BinaryWriter ? writer : new BinaryWriter()).raw(message),
  decode: (input) => Uint8Array.from(input),
  fromPartial: ((bytes: Uint8Array) => bytes) as (object: never) => Uint8Array,
};

/**
 * A Koinos-shaped service of one method, `echo`, whose request and
 * response members are taken as raw bytes, on queue `koinos.rpc.<name>`:
 * a fresh name per test keeps tests that share a broker apart.
 */
export function rawService(name: string) {
  return defineService({
    name,
    routingKey: `koinos.rpc.${name}`,
    requestEnvelope: `${name}.${name}_request`,
    responseEnvelope: `${name}.${name}_response`,
    reservedField: { request: 1, response: 1 },
    errorField: 2,
    methods: {
      echo: { name: "echo", requestField: 2, responseField: 3, requestType: rawBytes, responseType: rawBytes },
    },
  });
}

/** A promise with its resolve, to hold a handler until the test lets it go. */
export function latch(): { promise: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

export const text = (value: string) => new TextEncoder().encode(value);
export const untext = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
