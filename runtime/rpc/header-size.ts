/**
 * About how many bytes a header table takes in AMQP's field-table encoding
 * (short-string keys, one type byte per value). Servers use it to refuse
 * requests whose headers are out of proportion before looking further.
 */
export function headerTableSize(table: unknown): number {
  if (typeof table !== "object" || table === null) return 0;
  let size = 4;
  for (const [key, value] of Object.entries(table)) size += 1 + Buffer.byteLength(key) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === "string") return 5 + Buffer.byteLength(value);
  if (typeof value === "number" || typeof value === "bigint") return 9;
  if (typeof value === "boolean") return 2;
  if (Buffer.isBuffer(value)) return 5 + value.length;
  if (Array.isArray(value)) return 5 + value.reduce((n: number, v) => n + valueSize(v), 0);
  if (typeof value === "object" && value !== null) return 1 + headerTableSize(value);
  return 1;
}
