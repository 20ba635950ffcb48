/**
 * Where a bus is in its life. `connect()` resolves in `ready`; a lost
 * connection makes it `reconnecting` until it is `ready` again, or `failed`
 * when the reconnect budget is spent; `close()` takes it through `closing`
 * (servers and subscriptions drain, calls and publishes still go out) to
 * `closed`. `failed` and `closed` are final: every call, publish, serve and
 * subscribe then settles at once with the reason.
 */
export type BusState = "connecting" | "ready" | "reconnecting" | "failed" | "closing" | "closed";
