/** What a bus reports through `bus.on(event, listener)`; none of these can crash the process. */
export interface BusEvents {
  /** Connected (again) and every queue, consumer and subscription restored. */
  connected: { readonly url: string; readonly reconnected: boolean };
  /** The connection was lost; pending calls have failed with ConnectionLostError. */
  disconnected: { readonly error: Error };
  /** A reconnect attempt failed (or the first connect did); the next one follows after `delayMs`. */
  reconnecting: { readonly attempt: number; readonly delayMs: number; readonly error: Error };
  /** The reconnect budget is spent: the bus stays down and calls fail. */
  "reconnect-failed": { readonly error: Error };
  /** The broker stopped reading publishes (memory or disk alarm). */
  blocked: { readonly reason: string };
  unblocked: Record<string, never>;
  /** A channel failed (e.g. 406 on a declare); it is reopened on its own. */
  "channel-error": { readonly channel: string; readonly error: Error };
  /** A reply arrived for no pending call (it timed out, was aborted, or was answered already). */
  "late-reply": { readonly correlationId: string };
  /** A call timed out. */
  timeout: { readonly method: string; readonly correlationId: string };
  /** A server handler threw or returned what could not be encoded; the caller got an error reply. */
  "handler-error": { readonly service: string; readonly method: string; readonly error: unknown };
  /** A server received a request it could not serve (bad bytes, unknown method, ...). */
  "bad-request": { readonly service: string; readonly reason: string; readonly replied: boolean };
  /** A subscription received an event it could not decode or route; the subscription goes on. */
  "event-error": { readonly topic: string; readonly reason: string; readonly bytes: Uint8Array };
}
