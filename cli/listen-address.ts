/** Where the gateway listens: a host (empty: every interface) and a TCP port. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads koinos-jsonrpc's `listen` value: a multiaddr (`/ip4/127.0.0.1/tcp/8080`,
 * `/ip6/::1/tcp/8080`, `/dns4/localhost/tcp/8080`, `/tcp/8080` for every
 * interface) or `host:port` (`127.0.0.1:8080`, `[::1]:8080`, `:8080`).
 * @throws Error saying which forms are accepted.
 */
export function parseListen(value: string): ListenAddress {
  const fail = (): never => {
    throw new Error(`listen: ${JSON.stringify(value)} is neither a multiaddr (/ip4/127.0.0.1/tcp/8080) nor host:port (127.0.0.1:8080, :8080)`);
  };
  let host: string;
  let port: string;
  if (value.startsWith("/")) {
    const parts = value.split("/").slice(1);
    const tcp = parts.indexOf("tcp");
    if (tcp < 0 || tcp + 2 !== parts.length) return fail();
    port = parts[tcp + 1] ?? "";
    const before = parts.slice(0, tcp);
    if (before.length === 0) host = "";
    else if (before.length === 2 && ["ip4", "ip6", "dns", "dns4", "dns6"].includes(before[0] ?? "")) host = before[1] ?? "";
    else return fail();
  } else {
    const colon = value.lastIndexOf(":");
    if (colon < 0) return fail();
    host = value.substring(0, colon).replace(/^\[(.*)\]$/, "$1");
    port = value.substring(colon + 1);
  }
  const number = Number(port);
  if (!/^\d+$/.test(port) || number > 65_535) return fail();
  return { host, port: number };
}
