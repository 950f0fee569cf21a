import { isIP } from "node:net";
import { checkEgressHost, metadataEndpoint, wildcardDnsDomain } from "../../validation/hosts";
import type { ValidationProblem } from "../../validation/problems";

/** One declared egress destination: a host name (or a `*.` wildcard over a domain) and a TCP port. */
export interface EgressHost {
  /** Lower-case host name, or `*.domain` for any name one label under `domain`. */
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

const EXAMPLE = `"api.github.com" or "api.github.com:8443"`;
const FQDN_ONLY = "egress rules are FQDN rules, matched on the names the agent resolves";

/** `text` without the brackets around a whole IPv6 address. */
function unbracket(text: string): string {
  return /^\[([^\]]*)\]$/.exec(text)?.[1] ?? text;
}

/** An IP address or range, bare or in brackets, with or without a prefix length. */
function ipLiteral(text: string): boolean {
  const [address, prefix, ...rest] = unbracket(text).split("/");
  return rest.length === 0 && isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
}

/** The problem with an entry that is an IP address or range: a metadata endpoint, or not a name. */
function ipProblem(argument: string, value: string, text: string): ValidationProblem {
  const address = unbracket(text).split("/")[0];
  if (metadataEndpoint(address) !== undefined) return { ...checkEgressHost(argument, address)[0], value };
  return { argument, value, problem: `is an IP address or range; ${FQDN_ONLY}`, fix: "name the host instead" };
}

/** Problems with the wildcard of `host`: only one leading `*.` over a domain of at least two labels. */
function checkWildcard(argument: string, value: string, host: string): ValidationProblem[] {
  if (!host.includes("*")) return [];
  const fix = `use one leading "*." over a domain, like "*.example.com", or list each host`;
  if (host === "*" || host === "*.") {
    return [{ argument, value, problem: "allows every host on the internet", fix: "list each host the agent calls" }];
  }
  if (!host.startsWith("*.") || host.slice(2).includes("*")) {
    return [{ argument, value, problem: `has a wildcard that is not one leading "*."`, fix }];
  }
  if (!host.slice(2).includes(".")) {
    return [{ argument, value, problem: `covers the whole top-level domain "${host.slice(2)}"`, fix }];
  }
  return [];
}

/** Problems with the port after the last `:` (`text`), which must be a TCP port. */
function checkPort(argument: string, value: string, text: string): ValidationProblem[] {
  const port = Number(text);
  if (/^\d{1,5}$/.test(text) && port >= 1 && port <= 65535) return [];
  return [
    {
      argument,
      value,
      problem: text === "" ? `has an empty port after ":"` : `has port "${text}", which is not a TCP port from 1 to 65535`,
      fix: `write a port number, like "api.github.com:8443", or leave ":port" out for ${DEFAULT_EGRESS_PORT}`,
    },
  ];
}

/**
 * Every problem with one egress entry, `host` or `host:port`, at once: a scheme, a path, query or fragment, a bad port,
 * an IP address or range (rules are FQDN rules), a wildcard other than one leading `*.` over a domain of two labels
 * or more, upper case or a trailing dot (names are matched as written), and what {@link checkEgressHost} rejects
 * (metadata endpoints in any spelling, wildcard DNS services).
 */
export function checkEgressEntry(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.trim() === "") {
    return [{ argument, value, problem: "must be a host name or host:port", fix: `use ${EXAMPLE}` }];
  }
  const problems: ValidationProblem[] = [];
  let rest = value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    problems.push({ argument, value, problem: `has a URL scheme (${scheme[0]})`, fix: `write the host only, like ${EXAMPLE}` });
    rest = rest.slice(scheme[0].length);
  }
  if (ipLiteral(rest)) return [...problems, ipProblem(argument, value, rest)];
  const tail = /[/?#]/.exec(rest);
  if (tail) {
    problems.push({
      argument,
      value,
      problem: `has a path, query or fragment (${rest.slice(tail.index)}); ${FQDN_ONLY}`,
      fix: `remove everything from "${tail[0]}" on`,
    });
    rest = rest.slice(0, tail.index);
  }
  if (ipLiteral(rest)) return [...problems, ipProblem(argument, value, rest)];
  // The last ":" starts the port (a bracketed IPv6 address keeps its own colons).
  const at = rest.lastIndexOf(":");
  const host = at === -1 ? rest : rest.slice(0, at);
  if (at !== -1) problems.push(...checkPort(argument, value, rest.slice(at + 1)));
  if (ipLiteral(host)) return [...problems, ipProblem(argument, value, host)];
  if (host === "") return [...problems, { argument, value, problem: "names no host", fix: `use ${EXAMPLE}` }];
  const shape = checkWildcard(argument, value, host);
  if (host === "*.") return [...problems, ...shape]; // said once: every host, not also "ends with a dot"
  if (host !== host.toLowerCase()) {
    shape.push({ argument, value, problem: "has upper-case letters", fix: `write the host in lower case ("${host.toLowerCase()}")` });
  }
  if (host.endsWith(".")) {
    shape.push({ argument, value, problem: "ends with a dot", fix: `remove the trailing dot ("${host.replace(/\.+$/, "")}")` });
  }
  // The host's own checks (metadata names, wildcard DNS services, then syntax unless its shape was refused above).
  const name = host.toLowerCase().replace(/\.+$/, "");
  const own = checkEgressHost(argument, name).map((p) => ({ ...p, value }));
  const syntaxOnly = metadataEndpoint(name) === undefined && wildcardDnsDomain(name) === undefined;
  return [...problems, ...shape, ...(shape.length > 0 && syntaxOnly ? [] : own)];
}

/** Every problem with an egress list: each entry's, and entries that repeat another (same host and port). */
export function checkEgressEntries(argument: string, entries: readonly unknown[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const at = `${argument}[${i}]`;
    const own = checkEgressEntry(at, entry);
    problems.push(...own);
    if (own.length > 0) return;
    const { host, port } = parseEgressHost(entry as string);
    const key = `${host}:${port}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else {
      problems.push({
        argument: at,
        value: entry,
        problem: `repeats ${argument}[${first}] (${key})`,
        fix: "remove one of them",
      });
    }
  });
  return problems;
}
