/** One declared egress destination: a host name (or a `*.` wildcard over a domain) and a TCP port. */
export interface EgressHost {
  /** Lower-case host name, or `*.domain` for any name under `domain`. */
  host: string;
  /** TCP port. */
  port: number;
  /** Whether `host` is a `*.` wildcard. */
  wildcard: boolean;
}

/** Port of an egress entry that names none. */
export const DEFAULT_EGRESS_PORT = 443;

/**
 * Parses an egress entry, `host` or `host:port` (port 443 when left out). Call only on entries that passed the
 * agent's validation; see `checkEgressEntry` for the problems it reports.
 */
export function parseEgressHost(entry: string): EgressHost {
  const at = entry.lastIndexOf(":");
  const host = (at === -1 ? entry : entry.slice(0, at)).toLowerCase();
  const port = at === -1 ? DEFAULT_EGRESS_PORT : Number(entry.slice(at + 1));
  return { host, port, wildcard: host.startsWith("*.") };
}
