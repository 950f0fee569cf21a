import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import type { Registration } from "../../../cli/mock-runtime";
import { GPU_TAINT_KEY as SHARED_GPU_TAINT_KEY } from "../../../components/vocabulary";
import { policies } from "../../../policies/all";
import { awsPolicies } from "../../../policies/aws/pack";
import { GPU_TAINT_KEY } from "../../../policies/lib/aws";
import { localStack } from "../../../stacks/local";
import { record } from "../../helpers/pulumi";
import { agentDeployment, namespace, violations } from "../helpers";
import { shipper } from "../audit/objects";
import { AUDIT_BUCKET, awsWrong, compliantAws } from "./objects";

class NotApplicable extends Error {}

/** Each policy's not-applicable reasons over the registrations (the harness only counts them). */
function reasons(registrations: Registration[]): Record<string, string[]> {
  const resources = registrations.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }));
  const found: Record<string, string[]> = {};
  for (const policy of awsPolicies) {
    const notApplicable = (reason?: string): never => {
      (found[policy.name] ??= []).push(reason ?? "");
      throw new NotApplicable();
    };
    const common = { getConfig: <T>() => ({}) as T, notApplicable, stackTags: new Map() };
    const attempt = (run: () => unknown) => {
      try {
        void run();
      } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
      }
    };
    if ("validateStack" in policy) {
      attempt(() => policy.validateStack({ resources, ...common } as unknown as StackValidationArgs, () => undefined));
    } else {
      const validate = policy.validateResource as (args: ResourceValidationArgs, report: () => void) => unknown;
      for (const r of resources) attempt(() => validate({ ...r, ...common } as unknown as ResourceValidationArgs, () => undefined));
    }
  }
  return found;
}

describe("the AWS policies", () => {
  it("come in report order after the Kubernetes policies", () => {
    expect(awsPolicies.map((p) => p.name)).toEqual([
      "agentcloud-aws-eks-private-endpoint",
      "agentcloud-aws-eks-secrets-encryption",
      "agentcloud-aws-eks-control-plane-logs",
      "agentcloud-aws-node-imdsv2",
      "agentcloud-aws-gpu-node-taint",
      "agentcloud-aws-audit-bucket",
      "agentcloud-aws-agent-role-no-wildcards",
      "agentcloud-aws-kms-key-rotation",
    ]);
    const start = policies.indexOf(awsPolicies[0]);
    expect(policies.slice(start, start + awsPolicies.length)).toEqual(awsPolicies);
  });

  it("cite the CIS Amazon EKS 1.7.0 and CIS AWS Foundations 3.0.0 controls they check, and tag them", () => {
    const cited = Object.fromEntries(
      awsPolicies.map((p) => [p.name, [p.framework?.name, p.framework?.version, p.framework?.specification, p.tags]]),
    );
    const eks = ["CIS Amazon Elastic Kubernetes Service (EKS) Benchmark", "1.7.0"];
    const foundations = ["CIS Amazon Web Services Foundations Benchmark", "3.0.0"];
    expect(cited).toEqual({
      "agentcloud-aws-eks-private-endpoint": [
        ...eks,
        "5.4.2 Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        ["cis-eks-1.7:5.4.1", "cis-eks-1.7:5.4.2"],
      ],
      "agentcloud-aws-eks-secrets-encryption": [
        ...eks,
        "5.3.1 Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
        ["cis-eks-1.7:5.3.1"],
      ],
      "agentcloud-aws-eks-control-plane-logs": [
        ...eks,
        "2.1.1 Enable audit Logs",
        ["cis-eks-1.7:2.1.1", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection", "owasp-agentic-top10:ASI10"],
      ],
      "agentcloud-aws-node-imdsv2": [
        ...foundations,
        "5.6 Ensure that EC2 Metadata Service only allows IMDSv2",
        ["cis-aws-3.0:5.6", "owasp-agentic-top10:ASI03"],
      ],
      "agentcloud-aws-gpu-node-taint": [
        "OWASP Top 10 for Agentic Applications",
        "2026",
        "ASI08 Cascading Failures: keep pods that need no GPU off GPU nodes, so one agent cannot starve the GPU agents",
        ["owasp-agentic-top10:ASI08"],
      ],
      "agentcloud-aws-audit-bucket": [
        ...foundations,
        "2.1.4 Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
        ["cis-aws-3.0:2.1.4", "owasp-agentic-top10:ASI10", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
      ],
      "agentcloud-aws-agent-role-no-wildcards": [
        ...foundations,
        '1.16 Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
        ["cis-aws-3.0:1.16", "owasp-agentic-top10:ASI03", "review"],
      ],
      "agentcloud-aws-kms-key-rotation": [
        ...foundations,
        "3.6 Ensure rotation for customer created symmetric CMKs is enabled",
        ["cis-aws-3.0:3.6"],
      ],
    });
    expect(awsPolicies.map((p) => [p.enforcementLevel, p.severity])).toEqual([
      ["mandatory", "high"],
      ["mandatory", "high"],
      ["mandatory", "medium"],
      ["mandatory", "high"],
      ["mandatory", "medium"],
      ["mandatory", "high"],
      ["mandatory", "high"],
      ["mandatory", "medium"],
    ]);
    for (const policy of awsPolicies) {
      expect({
        policy: policy.name,
        remediation: (policy.remediationSteps ?? "").length > 40,
        strict: (policy.configSchema as { additionalProperties?: boolean } | undefined)?.additionalProperties,
      }).toEqual({
        policy: policy.name,
        remediation: true,
        strict: false,
      });
    }
    expect(awsPolicies.find((p) => p.name === "agentcloud-aws-audit-bucket")?.configSchema?.properties).toEqual({
      minimumRetentionDays: {
        type: "integer",
        minimum: 1,
        default: 90,
        description: "Days an audit record must stay locked by the audit bucket's default retention (COMPLIANCE mode).",
      },
    });
  });

  it("agree with the shared vocabulary on the GPU taint key", () => {
    expect(GPU_TAINT_KEY).toBe(SHARED_GPU_TAINT_KEY);
  });

  it("do not apply to a Kubernetes-only stack, each saying why", () => {
    const regs = [namespace("team-a", "a"), agentDeployment("coder")];
    const eks = "Policy only applies to EKS clusters (aws:eks/cluster:Cluster)";
    const groups = "Policy only applies to EKS managed node groups (aws:eks/nodeGroup:NodeGroup)";
    const keys = "Policy only applies to KMS keys (aws:kms/key:Key)";
    expect(reasons(regs)).toEqual({
      "agentcloud-aws-eks-private-endpoint": [eks, eks],
      "agentcloud-aws-eks-secrets-encryption": [eks, eks],
      "agentcloud-aws-eks-control-plane-logs": [eks, eks],
      "agentcloud-aws-node-imdsv2": ["No EC2 launch template and no EKS managed node group in the stack"],
      "agentcloud-aws-gpu-node-taint": [groups, groups],
      "agentcloud-aws-audit-bucket": ['No S3 bucket tagged agentcloud.dev/audit: "true" in the stack'],
      "agentcloud-aws-agent-role-no-wildcards": ["No IAM role tagged agentcloud.dev/agent in the stack"],
      "agentcloud-aws-kms-key-rotation": [keys, keys],
    });
  });

  it("report nothing on the local reference stack, where none applies", async () => {
    const rec = await record(() => {
      localStack();
    }, {});
    const evaluation = await evaluatePolicies(awsPolicies, rec.registrations);
    expect(evaluation.violations).toEqual([]);
    // Resource policies see custom resources only, stack policies the stack once.
    const count = rec.registrations.filter((r) => r.custom).length;
    expect(evaluation.notApplicable).toEqual({
      "agentcloud-aws-eks-private-endpoint": count,
      "agentcloud-aws-eks-secrets-encryption": count,
      "agentcloud-aws-eks-control-plane-logs": count,
      "agentcloud-aws-node-imdsv2": 1,
      "agentcloud-aws-gpu-node-taint": count,
      "agentcloud-aws-audit-bucket": 1,
      "agentcloud-aws-agent-role-no-wildcards": 1,
      "agentcloud-aws-kms-key-rotation": count,
    });
  });

  it("pass every AWS resource kind as agentcloud renders it, under the whole pack", async () => {
    // With the audit shipper AuditPipeline renders, writing to the compliant audit bucket.
    const shipping = shipper({ kind: "s3", bucket: AUDIT_BUCKET, region: "eu-west-1" });
    expect(await violations(policies, [...compliantAws(), shipping])).toEqual([]);
  });

  it("each report the AWS part of the everything-wrong stack, without free-form values", async () => {
    const found = await violations(awsPolicies, awsWrong());
    expect([...new Set(found.map((v) => v.policy))]).toEqual([...awsPolicies.map((p) => p.name)].sort());
    expect(found.filter((v) => /canary/i.test(v.message)).map((v) => v.message)).toEqual([]);
    expect(found).toHaveLength(12);
  });
});
