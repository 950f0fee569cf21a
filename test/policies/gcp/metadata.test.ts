import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { policies } from "../../../policies/all";
import { gcpPolicies } from "../../../policies/gcp/pack";
import { agentDeployment, violations } from "../helpers";
import { gcpWrong, gkeStack } from "./objects";

/** CIS GKE Benchmark 1.6.0 recommendations the GCP policies cite (titles as in aquasecurity/kube-bench cfg/gke-1.6.0). */
const CIS_GKE: Record<string, string> = {
  "5.2.1": "Ensure GKE clusters are not running using the Compute Engine default service account",
  "5.2.2": "Prefer using dedicated GCP Service Accounts and Workload Identity",
  "5.3.1": "Ensure Kubernetes Secrets are encrypted using keys managed in Cloud KMS",
  "5.4.1": "Ensure the GKE Metadata Server is Enabled",
  "5.5.1": "Ensure Container-Optimized OS (cos_containerd) is used for GKE node images",
  "5.5.5": "Ensure Shielded GKE Nodes are Enabled",
  "5.5.6": "Ensure Integrity Monitoring for Shielded GKE Nodes is Enabled",
  "5.5.7": "Ensure Secure Boot for Shielded GKE Nodes is Enabled",
  "5.6.3": "Ensure Control Plane Authorized Networks is Enabled",
  "5.6.4": "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
  "5.6.5": "Ensure clusters are created with Private Nodes",
  "5.10.3": "Consider GKE Sandbox for running untrusted workloads",
};

/** CIS Google Cloud Platform Foundation Benchmark 3.0.0 recommendations the GCP policies cite. */
const CIS_GCP: Record<string, string> = {
  "2.3": "Ensure That Retention Policies on Cloud Storage Buckets Used for Exporting Logs Are Configured Using Bucket Lock",
  "5.1": "Ensure That Cloud Storage Bucket Is Not Anonymously or Publicly Accessible",
  "5.2": "Ensure That Cloud Storage Buckets Have Uniform Bucket-Level Access Enabled",
};

describe("the GCP policies", () => {
  it("come last in the pack, in report order, each mandatory with its severity", () => {
    expect(policies.slice(-gcpPolicies.length)).toEqual(gcpPolicies);
    expect(gcpPolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).toEqual([
      ["agentcloud-gcp-private-cluster", "mandatory", "high"],
      ["agentcloud-gcp-workload-identity", "mandatory", "high"],
      ["agentcloud-gcp-agent-iam-scoped", "mandatory", "high"],
      ["agentcloud-gcp-secrets-encryption", "mandatory", "high"],
      ["agentcloud-gcp-shielded-nodes", "mandatory", "high"],
      ["agentcloud-gcp-node-service-account", "mandatory", "high"],
      ["agentcloud-gcp-sandbox-gvisor", "mandatory", "high"],
      ["agentcloud-gcp-gpu-node-taint", "mandatory", "medium"],
      ["agentcloud-gcp-audit-bucket", "mandatory", "high"],
    ]);
  });

  it("cite CIS GKE 1.6.0 and CIS GCP Foundations 3.0.0 by real id and title, and tag every id they cite", () => {
    for (const policy of gcpPolicies) {
      const { name, version, specification } = policy.framework!;
      const id = specification.split(" ")[0];
      const tags = policy.tags ?? [];
      if (name === "CIS Google Kubernetes Engine (GKE) Benchmark") {
        expect({ policy: policy.name, version, specification }).toEqual({
          policy: policy.name,
          version: "1.6.0",
          specification: `${id} ${CIS_GKE[id]}`,
        });
        expect(tags).toContain(`cis-gke-1.6:${id}`);
      } else if (name === "CIS Google Cloud Platform Foundation Benchmark") {
        expect({ policy: policy.name, version, specification }).toEqual({
          policy: policy.name,
          version: "3.0.0",
          specification: `${id} ${CIS_GCP[id]}`,
        });
        expect(tags).toContain(`cis-gcp-3.0:${id}`);
      } else {
        expect({ policy: policy.name, name, specification }).toEqual({
          policy: policy.name,
          name: "OWASP Top 10 for Agentic Applications",
          specification: expect.stringMatching(/^ASI0[38] (Cascading Failures|Identity and Privilege Abuse): /) as unknown,
        });
        expect(tags).toContain(`owasp-agentic-top10:${id}`);
      }
      const unknown = tags.filter(
        (t) =>
          !(t.startsWith("cis-gke-1.6:") && t.slice(12) in CIS_GKE) &&
          !(t.startsWith("cis-gcp-3.0:") && t.slice(12) in CIS_GCP) &&
          !/^owasp-agentic-top10:ASI(0[1-9]|10)$/.test(t) &&
          ![
            "agent-sandbox",
            "nsa-cisa-k8s-hardening-1.2:network-separation",
            "nsa-cisa-k8s-hardening-1.2:logging-threat-detection",
          ].includes(t),
      );
      expect({ policy: policy.name, unknown }).toEqual({ policy: policy.name, unknown: [] });
      expect(policy.description.length).toBeGreaterThan(20);
      expect(policy.remediationSteps!.length).toBeGreaterThan(20);
      expect(policy.configSchema).toMatchObject({ type: "object", additionalProperties: false });
    }
  });
});

describe("a GCP stack that breaks every GCP policy", () => {
  it("is reported by each GCP policy, never with a free-form value, and not at all when they are disabled", async () => {
    const found = await violations(gcpPolicies, gcpWrong());
    expect([...new Set(found.map((v) => v.policy))]).toEqual(gcpPolicies.map((p) => p.name).sort());
    expect(found.filter((v) => /canary/i.test(v.message)).map((v) => v.message)).toEqual([]);
    expect(await violations(gcpPolicies, gcpWrong(), { all: "disabled" })).toEqual([]);
  });

  it("leaves the non-GCP policies silent, and the GCP policies silent on Kubernetes-only stacks", async () => {
    // The fixtures hold no audit shipper, which a cloud stack needs (agentcloud-audit-pipeline-required says so).
    const others = policies.filter((p) => !gcpPolicies.includes(p) && p.name !== "agentcloud-audit-pipeline-required");
    expect(await violations(others, [...gcpWrong(), ...gkeStack()])).toEqual([]);
    const evaluation = await evaluatePolicies(gcpPolicies, [agentDeployment()]);
    expect(evaluation.violations).toEqual([]);
    expect(Object.keys(evaluation.notApplicable).sort()).toEqual(gcpPolicies.map((p) => p.name).sort());
  });
});
