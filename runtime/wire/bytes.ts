/**
 * A plain Uint8Array view of a Buffer, without copying. Decoders return
 * subarrays of their input, so decoding a Buffer would hand users Buffer
 * instances for bytes fields; ts-proto and protobuf-es promise Uint8Array.
 */
export function plainBytes(buffer: Uint8Array): Uint8Array {
  return Buffer.isBuffer(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : buffer;
}
