import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { readTree, REPO, runCli, tempDir } from "../cli/run-cli";
import { invalidObjects } from "../helpers/schema";

describe("examples/byo-cluster", () => {
  it("plans cleanly through AgentCloud to schema-valid objects with one sandboxed agent, on the cluster's own Cilium", async () => {
    const out = tempDir();
    const result = runCli(["plan", "--dir", join(REPO, "examples/byo-cluster"), "--stack", "dev", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0 violation(s)");
    const manifests = readTree(join(out, "dev/manifests"));
    const objects = Object.values(manifests).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()));
    expect(await invalidObjects(objects)).toEqual([]);
    const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.namespace === "my-agents");
    expect(deployment.metadata).toMatchObject({ name: "support-agent", namespace: "my-agents" });
    expect(deployment.spec.template.spec.runtimeClassName).toBe("gvisor");
    expect(deployment.spec.template.spec.containers[0].image).toBe("ghcr.io/acme/support-agent:1.0.0");
    expect(objects.filter((o) => o.kind === "RuntimeClass").map((o) => o.metadata.name)).toEqual(["gvisor"]);
    // The DNS the stack config names (kube-dns and coredns), port 53 only.
    const deny = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "default-deny");
    expect(deny.spec.egress).toEqual([
      {
        to: ["kube-dns", "coredns"].map((app) => ({
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": app } },
        })),
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ]);
    // The cluster's CNI stays: no Cilium release, only agentcloud's policies on it, with the declared egress host.
    expect(parse(readFileSync(join(out, "dev/helm-releases.yaml"), "utf8")).releases.map((r: { release: string }) => r.release)).toEqual([
      "agentcloud-monitoring",
    ]);
    const tenant = objects.find((o) => o.kind === "Namespace" && o.metadata.name === "my-agents");
    expect(tenant.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "cilium-existing",
      "agentcloud.dev/network-encryption": "wireguard",
    });
    const cilium = objects.find((o) => o.kind === "CiliumNetworkPolicy" && o.metadata.name === "support-agent");
    expect(JSON.stringify(cilium.spec.egress)).toContain('{"matchName":"acme.zendesk.com"}');
    expect(readFileSync(join(out, "dev/agent-graph.mmd"), "utf8")).toContain(
      '  agent_my_2dagents_2fsupport_2dagent -.->|"egress"| host_acme_2ezendesk_2ecom_3a443\n',
    );
    expect(result.stdout).toContain("Cilium already on the cluster (agentcloud adds policies only; settings as declared)");
    // The agent's zendesk grant goes through the gateway, which alone reaches the registered zendesk-mcp Service.
    const config = parse(readFileSync(join(out, "dev/agentgateway.yaml"), "utf8"));
    const [mcp] = config.binds[0].listeners[0].routes;
    expect(mcp.policies.mcpAuthorization.rules).toEqual([
      {
        allow:
          'jwt.sub == "system:serviceaccount:my-agents:support-agent" && mcp.tool.target == "zendesk" && mcp.tool.name in ["get_ticket", "add_comment"]',
      },
    ]);
    expect(mcp.backends[0].mcp.targets).toEqual([
      { name: "zendesk", mcp: { host: "http://zendesk-mcp.mcp-servers.svc.cluster.local:8080/mcp" } },
    ]);
    expect(deployment.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([{ name: "AGENTCLOUD_MCP_URL", value: "http://mcp-gateway.agentcloud-gateway.svc.cluster.local:8080/mcp" }]),
    );
    // Monitoring is on: the agent's metrics port is scraped by a labelled PodMonitor, and only Prometheus reaches it.
    const monitor = objects.find((o) => o.kind === "PodMonitor" && JSON.stringify(o.spec).includes('"my-agents"'));
    expect(monitor.metadata.namespace).toBe("agentcloud-monitoring");
    expect(monitor.metadata.labels["agentcloud.dev/monitoring"]).toBe("true");
    const policy = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "support-agent");
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 9090 }],
      },
    ]);
    const releases = parse(readFileSync(join(out, "dev/helm-releases.yaml"), "utf8")) as { releases: { release: string; values: any }[] };
    const stack = releases.releases.find((r) => r.release === "agentcloud-monitoring")!;
    expect(stack.values.prometheus.prometheusSpec.retention).toBe("15d");
    const report = JSON.parse(readFileSync(join(out, "dev/policy-report.json"), "utf8"));
    expect(report.summary.mandatory).toBe(0);
  });
});
