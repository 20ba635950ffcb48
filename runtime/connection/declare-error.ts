import { BusClosedError, ConnectionLostError, DeclarationError, KoinosMqError } from "../errors.js";

/**
 * The typed error for a failed setup step (declare, bind, consume, qos) of
 * `what` (e.g. `server koinos.rpc.chain`): a refusal by the broker becomes a
 * DeclarationError that says what differs, a channel or connection that went
 * away a ConnectionLostError.
 */
export function setupError(error: unknown, what: string): KoinosMqError {
  if (error instanceof KoinosMqError) return error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === "number" && code >= 400 && code < 600) return new DeclarationError(`${what}: ${refusal(text)}`, { cause: error });
  if (/closed/i.test(text)) return new ConnectionLostError(`${what}: the channel closed during setup (${text})`, { cause: error });
  return new ConnectionLostError(`${what}: setup failed (${text})`, { cause: error });
}

/** RabbitMQ's reason, rephrased when it is the usual "inequivalent arg" of a redeclaration. */
function refusal(text: string): string {
  const arg = /inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '([^']*)': received '([^']*)' but current is '([^']*)'/.exec(text);
  if (arg !== null) {
    const [, name, kind, entity, vhost, ours, theirs] = arg;
    return (
      `the broker refused to declare ${kind} ${entity} (vhost ${vhost}): it exists with ${name} = ${theirs}, ` +
      `while Koinos declares it with ${name} = ${ours}. Delete it or fix whoever declared it differently ` +
      `(put TTLs, limits and queue types in policies, not in declarations). Broker said: ${text}`
    );
  }
  const reply = /(\d{3}) \(([A-Z-]+)\) with message "([^"]*)"/.exec(text);
  return reply === null ? `the broker refused: ${text}` : `the broker refused with ${reply[1]} ${reply[2]}: ${reply[3]}`;
}

/** The error for work that cannot wait for the broker any more: the bus closed, or gave up reconnecting. */
export function closedError(): BusClosedError {
  return new BusClosedError("the bus is closed");
}
