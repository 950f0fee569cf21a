import type { ResolvedAgent } from "../kubernetes/agent/resolve";
import type { McpServer } from "../kubernetes/mcp-gateway/spec";

// The fleet graph as Mermaid (flowchart LR). Ids are built from names with every character outside [a-z0-9]
// escaped as _xx (two hex digits) or _uxxxxxx (six), a fixed width each, so distinct names never share an id; and no
// id is a Mermaid keyword (each has a prefix).
// Labels are quoted, with quotes and markup characters as Mermaid entity codes (#34; and the like).

/** A Mermaid node id: `prefix_` and the name with every character outside `[a-z0-9]` as `_xx` or `_uxxxxxx` (hex). */
export function mermaidId(prefix: string, name: string): string {
  const escaped = [...name]
    .map((c) => {
      if (/[a-z0-9]/.test(c)) return c;
      const code = c.codePointAt(0)!;
      return code < 0x100 ? `_${code.toString(16).padStart(2, "0")}` : `_u${code.toString(16).padStart(6, "0")}`;
    })
    .join("");
  return `${prefix}_${escaped}`;
}

/** A label for inside `"..."`: characters that end the quote or start markup as Mermaid entity codes. */
export function mermaidText(text: string): string {
  return text.replace(/["#<>&\n\r|`]/g, (c) => `#${c.codePointAt(0)};`);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the graph shows: the fleet's tenants and its agents, resolved (with `acceptsFrom` derived). */
export interface FleetGraphInput {
  /** Tenant namespaces. */
  tenants: readonly string[];
  /** Every agent of the fleet. */
  agents: readonly ResolvedAgent[];
  /**
   * The tool registry: each server is a node with where it runs (its Service, or its remote URL), granted or not.
   * @default [] (only the servers agents are granted tools of, by name)
   */
  servers?: readonly McpServer[];
}

/** Where a registered server runs, for its node: `namespace/service:port` or the remote URL. */
function serverLocation(server: McpServer): string {
  return server.service ? `${server.service.namespace}/${server.service.name}:${server.service.port}` : (server.url ?? "");
}

/**
 * The fleet as a Mermaid flowchart: tenants as subgraphs holding their agents (with the sandbox each runs under),
 * declared calls as edges (claims on a sandbox pool labelled so), callers from outside the fleet, the registry's MCP
 * servers (where each runs) with each agent's grants as dotted edges labelled with the tools, and egress hosts. Sorted by name throughout, so the same fleet always gives the same text. Pure.
 */
export function fleetGraph(input: FleetGraphInput): string {
  const agents = [...input.agents].sort((a, b) => byText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  const agentNode = (namespace: string, name: string) => mermaidId("agent", `${namespace}/${name}`);
  const fleet = new Set(agents.map((a) => `${a.namespace}/${a.name}`));
  const lines = ["flowchart LR"];
  for (const tenant of [...input.tenants].sort(byText)) {
    lines.push(`  subgraph ${mermaidId("tenant", tenant)}["${mermaidText(`tenant ${tenant}`)}"]`);
    for (const a of agents.filter((x) => x.namespace === tenant)) {
      const kind = a.workload === "sandbox-pool" ? "sandbox pool" : a.workload;
      lines.push(`    ${agentNode(a.namespace, a.name)}["${mermaidText(a.name)}<br/>${mermaidText(`${kind}, ${a.sandbox}`)}"]`);
    }
    lines.push("  end");
  }
  const outside = new Map<string, string>();
  const servers = new Set<string>();
  const hosts = new Set<string>();
  const edges: string[] = [];
  for (const a of agents) {
    const from = agentNode(a.namespace, a.name);
    for (const ref of [...a.delegatesTo].sort((x, y) => byText(`${x.namespace}/${x.agent}`, `${y.namespace}/${y.agent}`))) {
      const label = ref.sandboxPool ? `claims sandbox :${ref.port}` : `calls :${ref.port}`;
      edges.push(`  ${from} -->|"${mermaidText(label)}"| ${agentNode(ref.namespace, ref.agent)}`);
    }
    for (const ref of a.acceptsFrom.filter((r) => !fleet.has(`${r.namespace}/${r.agent}`))) {
      const id = `${ref.namespace}/${ref.agent}`;
      outside.set(mermaidId("outside", id), id);
      edges.push(`  ${mermaidId("outside", id)} -->|"${mermaidText(`calls :${a.port}`)}"| ${from}`);
    }
    for (const grant of [...a.tools].sort((x, y) => byText(x.server, y.server))) {
      servers.add(grant.server);
      edges.push(`  ${from} -.->|"${mermaidText([...grant.tools].sort(byText).join(", "))}"| ${mermaidId("mcp", grant.server)}`);
    }
    for (const h of [...a.egressHosts].sort((x, y) => byText(`${x.host}:${x.port}`, `${y.host}:${y.port}`))) {
      hosts.add(`${h.host}:${h.port}`);
      edges.push(`  ${from} -.->|"egress"| ${mermaidId("host", `${h.host}:${h.port}`)}`);
    }
  }
  for (const [id, name] of [...outside].sort(([x], [y]) => byText(x, y)))
    lines.push(`  ${id}["${mermaidText(`${name} (outside the fleet)`)}"]`);
  const registered = new Map((input.servers ?? []).map((s) => [s.name, serverLocation(s)]));
  for (const server of registered.keys()) servers.add(server);
  for (const server of [...servers].sort(byText)) {
    const where = registered.get(server);
    const label = `${mermaidText(`MCP server ${server}`)}${where ? `<br/>${mermaidText(where)}` : ""}`;
    lines.push(`  ${mermaidId("mcp", server)}{{"${label}"}}`);
  }
  for (const host of [...hosts].sort(byText)) lines.push(`  ${mermaidId("host", host)}(["${mermaidText(host)}"])`);
  return [...lines, ...edges, ""].join("\n");
}
