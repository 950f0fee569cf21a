import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { awsAgentRoleName, awsIdentityBinding } from "../../../../components/aws/identity";
import { AgentCloud, type AgentCloudArgs } from "../../../../components/blueprint/component";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import { ciliumFabric } from "../../../../components/kubernetes/network/fabrics";
import { record } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";
import { allowed, model, workloadPod, type Pod } from "./evaluator";

// Per-agent identity endpoints, end to end: an AgentCloud on the EKS identity binding, its rendered objects read by
// the evaluator as Cilium would. An agent with Pod Identity (Kata) reaches the Pod Identity agent on 169.254.170.23:80
// and nothing else there; one with IRSA (gVisor) does not, but reaches the regional STS host by name on 443; agents
// without AWS permissions reach neither; nobody reaches instance metadata.

const IMAGE = "ghcr.io/acme/agent:1.0.0";
const BINDING = { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" };
const READ = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::corpus/reports/latest.json"] };
const POD_IDENTITY = { address: "169.254.170.23", port: 80 };
const STS = { host: "sts.eu-west-1.amazonaws.com", address: "52.94.0.10", port: 443 };
const METADATA = { address: "169.254.169.254", port: 80 };

async function fleet(ipFamily: "ipv4" | "ipv6" = "ipv4") {
  const agents: Record<string, AgentDeclaration> = {
    irsa: { namespace: "agents", image: IMAGE, cloudPermissions: [READ] },
    "pod-identity": { namespace: "agents", image: IMAGE, sandbox: "kata-qemu", cloudPermissions: [READ] },
    plain: { namespace: "agents", image: IMAGE },
    "plain-kata": {
      namespace: "agents",
      image: IMAGE,
      sandbox: "kata-qemu",
      cloudPermissions: [
        { cloud: "gcp", actions: ["roles/storage.objectViewer"], resources: ["//storage.googleapis.com/projects/_/buckets/b"] },
      ],
    },
  };
  const spec = (): AgentCloudArgs => ({
    platform: {
      provider: new k8s.Provider("cluster", {}),
      network: ciliumFabric(),
      identity: awsIdentityBinding({ ...BINDING, ipFamily }),
    },
    tenants: { agents: { owner: "team", costCentre: "cc1" } },
    agents,
  });
  const rec = await record(() => {
    new AgentCloud("fleet", spec());
  });
  const objects = rec.objects();
  const pod = (agent: string): Pod =>
    workloadPod(objects.find((o) => o.kind === "Deployment" && o.metadata?.name === agent && o.metadata.namespace === "agents"));
  return { rec, m: model(objects), pod };
}

describe("per-agent identity endpoints on EKS (Cilium), evaluated", () => {
  it("Pod Identity agent reaches 169.254.170.23:80 only; IRSA and plain agents do not", async () => {
    const { m, pod } = await fleet();
    expect(allowed(m, "cilium", pod("pod-identity"), POD_IDENTITY)).toBe(true);
    for (const port of [81, 443, 2703]) expect(allowed(m, "cilium", pod("pod-identity"), { ...POD_IDENTITY, port })).toBe(false);
    for (const agent of ["irsa", "plain", "plain-kata"]) expect(allowed(m, "cilium", pod(agent), POD_IDENTITY), agent).toBe(false);
  });

  it("IRSA agent reaches the regional STS host by name on 443; the others do not", async () => {
    const { m, pod } = await fleet();
    expect(allowed(m, "cilium", pod("irsa"), STS)).toBe(true);
    expect(allowed(m, "cilium", pod("irsa"), { ...STS, port: 80 })).toBe(false);
    expect(allowed(m, "cilium", pod("irsa"), { ...STS, host: "sts.amazonaws.com" })).toBe(false);
    for (const agent of ["pod-identity", "plain", "plain-kata"]) expect(allowed(m, "cilium", pod(agent), STS), agent).toBe(false);
  });

  it("nobody reaches instance metadata or the rest of the link-local range", async () => {
    const { m, pod } = await fleet();
    for (const agent of ["irsa", "pod-identity", "plain", "plain-kata"]) {
      expect(allowed(m, "cilium", pod(agent), METADATA), agent).toBe(false);
      expect(allowed(m, "cilium", pod(agent), { address: "169.254.170.2", port: 80 }), agent).toBe(false);
      expect(allowed(m, "cilium", pod(agent), { address: "fd00:ec2::254", port: 80 }), agent).toBe(false);
    }
  });

  it("on an IPv6 cluster the Pod Identity agent is reached at [fd00:ec2::23]:80, not the IPv4 address", async () => {
    const { m, pod } = await fleet("ipv6");
    expect(allowed(m, "cilium", pod("pod-identity"), { address: "fd00:ec2::23", port: 80 })).toBe(true);
    expect(allowed(m, "cilium", pod("pod-identity"), POD_IDENTITY)).toBe(false);
    expect(allowed(m, "cilium", pod("irsa"), { address: "fd00:ec2::23", port: 80 })).toBe(false);
  });

  it("puts the IRSA role on the IRSA agent's ServiceAccount only, and every rendered object is valid", async () => {
    const { rec } = await fleet();
    const accounts = Object.fromEntries(
      rec
        .kind("ServiceAccount")
        .filter((o) => o.metadata?.namespace === "agents")
        .map((o) => [o.metadata?.name, o.metadata?.annotations ?? {}]),
    );
    expect(accounts.irsa).toMatchObject({
      "eks.amazonaws.com/role-arn": `arn:aws:iam::123456789012:role/${awsAgentRoleName("agentcloud", "agents", "irsa")}`,
      "eks.amazonaws.com/sts-regional-endpoints": "true",
    });
    for (const agent of ["pod-identity", "plain", "plain-kata"]) {
      expect(
        Object.keys(accounts[agent]).filter((k) => k.startsWith("eks.amazonaws.com/")),
        agent,
      ).toEqual([]);
    }
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });
});
