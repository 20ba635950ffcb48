import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { StrictReader } from "./strict-reader.js";

/** A `google.protobuf.Any`: the packed message's type URL and bytes. */
export interface AnyDetail {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** `koinos.rpc.error_status`, the `error` member of every response envelope. */
export interface ErrorStatus {
  readonly message: string;
  /** JSON text; the C++ services put the exception's JSON here. */
  readonly data: string;
  readonly details: readonly AnyDetail[];
}

// Field numbers of koinos.rpc.error_status and google.protobuf.Any.
const MESSAGE = 1;
const DATA = 2;
const DETAILS = 10;
const TYPE_URL = 1;
const VALUE = 2;

/** Encodes an error_status as protobuf would: fields in number order, empty ones left out. */
export function encodeErrorStatus(status: ErrorStatus): Uint8Array {
  const w = new BinaryWriter();
  if (status.message !== "") w.tag(MESSAGE, WireType.LengthDelimited).string(status.message);
  if (status.data !== "") w.tag(DATA, WireType.LengthDelimited).string(status.data);
  for (const detail of status.details) {
    w.tag(DETAILS, WireType.LengthDelimited).fork();
    if (detail.typeUrl !== "") w.tag(TYPE_URL, WireType.LengthDelimited).string(detail.typeUrl);
    if (detail.value.length > 0) w.tag(VALUE, WireType.LengthDelimited).bytes(detail.value);
    w.join();
  }
  return w.finish();
}

/** Decodes an error_status, skipping unknown fields; throws on bytes that are not protobuf (lengths over 32 bits included). */
export function decodeErrorStatus(bytes: Uint8Array): ErrorStatus {
  const r = new StrictReader(bytes);
  let message = "";
  let data = "";
  const details: AnyDetail[] = [];
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === MESSAGE && wireType === WireType.LengthDelimited) message = r.string();
    else if (field === DATA && wireType === WireType.LengthDelimited) data = r.string();
    else if (field === DETAILS && wireType === WireType.LengthDelimited) details.push(decodeAny(r.bytes()));
    else r.skip(wireType, field);
  }
  return { message, data, details };
}

function decodeAny(bytes: Uint8Array): AnyDetail {
  const r = new StrictReader(bytes);
  let typeUrl = "";
  let value: Uint8Array = new Uint8Array(0);
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === TYPE_URL && wireType === WireType.LengthDelimited) typeUrl = r.string();
    else if (field === VALUE && wireType === WireType.LengthDelimited) value = r.bytes();
    else r.skip(wireType, field);
  }
  return { typeUrl, value };
}
