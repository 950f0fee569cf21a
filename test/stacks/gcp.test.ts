import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { describe, expect, it } from "vitest";
import { dataplaneV2Fabric } from "../../components/kubernetes/network/dataplane-v2";
import { gatewayReachesHosts } from "../../components/gcp/cluster";
import { GCP_CONFIG, gcpStack } from "../../stacks/gcp";
import { runCli, tempDir } from "../cli/run-cli";
import { record, recordRejection } from "../helpers/pulumi";
import { invalidObjects } from "../helpers/schema";

const CONFIG = { "gcp:project": "acme-agents", "gcp:region": "europe-west4" };
const ISSUER = "https://container.googleapis.com/v1/projects/acme-agents/locations/europe-west4/clusters/agentcloud";
const AGENT_KINDS = ["Deployment", "StatefulSet", "SandboxTemplate"];

describe("gcp stack", () => {
  it("plans the reference fleet on a private Dataplane V2 GKE cluster with GKE Sandbox, a locked audit bucket and its pipeline", async () => {
    const rec = await record(async () => {
      await gcpStack();
    }, CONFIG);
    // The GCP layer.
    expect(rec.registrations.filter((r) => r.type.startsWith("agentcloud:gcp:")).map((r) => [r.type, r.name])).toEqual([
      ["agentcloud:gcp:AgentVpcNetwork", "agentcloud"],
      ["agentcloud:gcp:GkeAgentCluster", "agentcloud"],
      ["agentcloud:gcp:GkeSandboxNodePool", "agentcloud-sandbox"],
      ["agentcloud:gcp:AgentIdentity", "agentcloud-identity-research-assistant"],
      ["agentcloud:gcp:GcsAuditBucket", "agentcloud-audit"],
      ["agentcloud:gcp:GcpAuditShipping", "agentcloud-audit-shipping"],
    ]);
    // The audit pipeline ships into the locked bucket.
    expect(rec.named("agentcloud-audit-shipping-sink").inputs).toMatchObject({
      destination: "storage.googleapis.com/acme-agents-agentcloud-audit",
    });
    expect(rec.named("agentcloud-nat").type).toBe("gcp:compute/routerNat:RouterNat");
    expect(rec.named("agentcloud-cluster").inputs).toMatchObject({
      project: "acme-agents",
      location: "europe-west4",
      network: "agentcloud",
      subnetwork: "agentcloud-europe-west4",
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: "172.16.0.0/28" },
      masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.10.0.0/20", displayName: "cluster subnet" }] },
      datapathProvider: "ADVANCED_DATAPATH",
      workloadIdentityConfig: { workloadPool: "acme-agents.svc.id.goog" },
      deletionProtection: true,
    });
    expect(rec.named("agentcloud-sandbox-pool").inputs).toMatchObject({
      cluster: "agentcloud",
      nodeConfig: { serviceAccount: "agentcloud-nodes@acme-agents.iam.gserviceaccount.com", sandboxConfig: { type: "GVISOR" } },
    });
    expect(rec.named("agentcloud-audit-bucket").inputs).toMatchObject({
      retentionPolicy: { retentionPeriod: String(365 * 86400), isLocked: true },
    });
    expect(rec.ofType("gcp:container/nodePool:NodePool").map((r) => r.name)).toEqual(["agentcloud-system", "agentcloud-sandbox-pool"]);

    // The fleet: GKE Sandbox's gvisor class is used, not rendered; every agent runs under it.
    expect(rec.kind("RuntimeClass")).toEqual([]);
    const agents = rec
      .objects()
      .filter((o) => AGENT_KINDS.includes(o.kind) && o.metadata?.namespace === "agents")
      .sort((a, b) => AGENT_KINDS.indexOf(a.kind) - AGENT_KINDS.indexOf(b.kind));
    expect(agents.map((o) => [o.kind, o.metadata.name])).toEqual([
      ["Deployment", "research-assistant"],
      ["StatefulSet", "memory-keeper"],
      ["SandboxTemplate", "code-interpreter"],
    ]);
    const runtimeClassOf = (o: unknown) => JSON.stringify((o as { spec?: unknown }).spec).match(/"runtimeClassName":"([^"]+)"/)?.[1];
    expect(agents.map(runtimeClassOf)).toEqual(["gvisor", "gvisor", "gvisor"]);
    // The tenant says which fabric enforces its rules.
    expect(rec.kind("Namespace").find((n) => n.metadata.name === "agents")!.metadata.annotations).toEqual({
      "agentcloud.dev/network-fabric": "dataplane-v2",
      "agentcloud.dev/network-encryption": "wireguard",
    });
    // Declared egress hosts by GKE FQDN network policy; no Cilium policy anywhere.
    expect(
      rec
        .kind("FQDNNetworkPolicy")
        .filter((p) => p.metadata.namespace === "agents")
        .map((p) => [p.metadata.name, (p as unknown as { spec: unknown }).spec]),
    ).toEqual([
      [
        "research-assistant",
        {
          podSelector: { matchLabels: { "agentcloud.dev/agent": "research-assistant" } },
          // Its own host, then the API its GCP permission needs (from the Workload Identity binding).
          egress: [
            { matches: [{ name: "api.github.com" }], ports: [{ protocol: "TCP", port: 443 }] },
            { matches: [{ name: "storage.googleapis.com" }], ports: [{ protocol: "TCP", port: 443 }] },
          ],
        },
      ],
    ]);
    expect(rec.objects().filter((o) => o.apiVersion === "cilium.io/v2")).toEqual([]);
    // research-assistant claims sandboxes: it reaches the API server at the control plane's private range only.
    const policy = rec.kind("NetworkPolicy").find((p) => p.metadata.name === "research-assistant") as NetworkPolicy;
    expect(policy.spec!.egress).toContainEqual({ to: [{ ipBlock: { cidr: "172.16.0.0/28" } }], ports: [{ protocol: "TCP", port: 443 }] });
    // ... and, having GCP permissions, the GKE metadata server on port 80 only; the others reach no metadata address.
    expect(policy.spec!.egress).toContainEqual({
      to: [{ ipBlock: { cidr: "169.254.169.254/32" } }],
      ports: [{ protocol: "TCP", port: 80 }],
    });
    const others = rec.kind("NetworkPolicy").filter((p) => ["memory-keeper", "code-interpreter"].includes(p.metadata.name!));
    expect(others).toHaveLength(2);
    expect(JSON.stringify(others)).not.toContain("169.254.");
    // The gateway checks tokens of the cluster's own issuer.
    const config = JSON.stringify(rec.objects().filter((o) => o.kind === "ConfigMap" && o.metadata?.namespace === "agentcloud-gateway"));
    expect(config).toContain(ISSUER);
    expect(config).toContain(
      gatewayReachesHosts(dataplaneV2Fabric()) ? `${ISSUER}/jwks` : "https://kubernetes.default.svc.cluster.local/openid/v1/jwks",
    );
    // FQDNNetworkPolicy has no published CRD (GKE installs it); its shape is asserted above.
    expect(await invalidObjects(rec.objects().filter((o) => o.kind !== "FQDNNetworkPolicy"))).toEqual([]);
  });

  it("plans with the CLI and the whole policy pack at zero violations, with Dataplane V2 named in the notes", () => {
    const out = tempDir();
    const result = runCli(["plan", "--stack", "gcp", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Policies: \d+ evaluated, 0 violation\(s\): 0 mandatory, 0 advisory/);
    expect(result.stdout).toContain("GKE Dataplane V2 (eBPF on the node, outside gVisor)");
    expect(result.stdout).toMatch(/GkeAgentCluster agentcloud +12\n/);
  });

  it("applies typed config: names, ranges, no NAT, release channel, a time-shared GPU pool as the platform's GPUs", async () => {
    const rec = await record(
      async () => {
        await gcpStack();
      },
      {
        ...CONFIG,
        "agentcloud:clusterName": "agents-prod",
        "agentcloud:egress": "none",
        "agentcloud:subnetCidr": "10.40.0.0/20",
        "agentcloud:masterAuthorizedNetworks": [{ cidrBlock: "10.200.0.0/24", displayName: "admin VPN" }],
        "agentcloud:releaseChannel": "STABLE",
        "agentcloud:gpuPool": { maxSharedClientsPerGpu: 8, maxNodes: 2 },
        "agentcloud:auditRetentionDays": 400,
      },
    );
    expect(rec.ofType("gcp:compute/routerNat:RouterNat")).toEqual([]);
    // Without NAT the gateway cannot reach the remote DeepWiki server: it is not registered.
    expect(JSON.stringify(rec.objects().filter((o) => o.metadata.namespace === "agentcloud-gateway"))).not.toContain("mcp.deepwiki.com");
    expect(rec.named("agents-prod-subnet").inputs).toMatchObject({ name: "agents-prod-europe-west4", ipCidrRange: "10.40.0.0/20" });
    expect(rec.named("agents-prod-cluster").inputs).toMatchObject({
      name: "agents-prod",
      masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "10.200.0.0/24", displayName: "admin VPN" }] },
      releaseChannel: { channel: "STABLE" },
    });
    const gpu = rec.named("agents-prod-gpu-pool").inputs as { nodeConfig: { guestAccelerators: { gpuSharingConfig: unknown }[] } };
    expect(gpu.nodeConfig.guestAccelerators[0].gpuSharingConfig).toEqual({ gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: 8 });
    expect(rec.named("agents-prod-audit-bucket").inputs).toMatchObject({
      retentionPolicy: { retentionPeriod: String(400 * 86400), isLocked: true },
    });
  });

  it("rejects overlapping secondary ranges before creating anything", async () => {
    const { error, rec } = await recordRejection(() => gcpStack(), { ...CONFIG, "agentcloud:servicesCidr": "10.16.0.0/20" });
    expect((error as Error).message).toBe(
      'AgentVpcNetwork "agentcloud" has 1 invalid argument:\n' +
        '  - servicesCidr: overlaps podsCidr (10.16.0.0/14); a subnet\'s primary and secondary ranges must be disjoint (got "10.16.0.0/20"); fix: pick a range outside 10.16.0.0/14',
    );
    expect(rec.registrations).toEqual([]);
  });

  it("rejects a control-plane range inside the VPC's ranges before creating anything", async () => {
    const { error, rec } = await recordRejection(() => gcpStack(), { ...CONFIG, "agentcloud:masterIpv4CidrBlock": "10.10.0.16/28" });
    expect((error as Error).message).toBe(
      'stack "test" config has 1 invalid argument:\n' +
        '  - agentcloud:masterIpv4CidrBlock: overlaps agentcloud:subnetCidr (10.10.0.0/20); the control plane\'s range must be outside the VPC\'s ranges (got "10.10.0.16/28"); fix: pick a /28 outside 10.10.0.0/20, like "172.16.0.0/28"',
    );
    expect(rec.registrations).toEqual([]);
  });

  it("reports config problems by key, all at once, and needs gcp:project and gcp:region", async () => {
    const bad = await recordRejection(() => gcpStack(), {
      ...CONFIG,
      "agentcloud:releaseChannel": "NONE",
      "agentcloud:egress": "open",
      "agentcloud:zone": "a",
    });
    expect((bad.error as Error).message).toBe(
      'stack "test" config has 3 invalid arguments:\n' +
        '  - agentcloud:egress: must be one of nat, none (got "open"); fix: use "nat"\n' +
        '  - agentcloud:releaseChannel: must be one of RAPID, REGULAR, STABLE, EXTENDED (got "NONE"); fix: use "REGULAR"\n' +
        `  - agentcloud:zone: is not a known config key (got "a"); fix: remove it or use one of: ${Object.keys(GCP_CONFIG).join(", ")}`,
    );
    expect(bad.rec.registrations).toEqual([]);
    const missing = await recordRejection(() => gcpStack(), {});
    expect((missing.error as Error).message).toBe(
      'stack "test" config has 2 invalid arguments:\n' +
        "  - gcp:project: must be set (got undefined); fix: pulumi config set gcp:project <project-id>\n" +
        "  - gcp:region: must be set (got undefined); fix: pulumi config set gcp:region europe-west4",
    );
    expect(missing.rec.registrations).toEqual([]);
  });
});
