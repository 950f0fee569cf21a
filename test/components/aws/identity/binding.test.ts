import { describe, expect, it } from "vitest";
import type { AgentDeclaration } from "../../../../components/blueprint/spec";
import {
  awsAgentIdentityMode,
  awsAgentRoleName,
  awsIdentityBinding,
  awsPermissionsOf,
  awsStsHost,
} from "../../../../components/aws/identity";

const BINDING = { accountId: "123456789012", region: "eu-west-1", clusterName: "agentcloud" };
const READ = { cloud: "aws" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::corpus/reports/latest.json"] };
const GCP = {
  cloud: "gcp" as const,
  actions: ["roles/storage.objectViewer"],
  resources: ["//storage.googleapis.com/projects/_/buckets/b"],
};

function target(declaration: Partial<AgentDeclaration>, name = "reader") {
  return { name, namespace: "agents", declaration: { namespace: "agents", image: "ghcr.io/acme/a:1", ...declaration } };
}

describe("awsAgentRoleName", () => {
  it("is the readable cluster-namespace-agent with a hash of the three, so different splits differ", () => {
    expect(awsAgentRoleName("agentcloud", "agents", "reader")).toBe("agentcloud-agents-reader-bbd0c56e");
    expect(awsAgentRoleName("a-b", "c", "d")).not.toBe(awsAgentRoleName("a", "b-c", "d"));
    expect(awsAgentRoleName("a-b", "c", "d").slice(0, -9)).toBe(awsAgentRoleName("a", "b-c", "d").slice(0, -9));
  });

  it("stays within IAM's 64 characters for the longest names (100-character cluster, 63-character namespace and agent)", () => {
    const name = awsAgentRoleName("c".repeat(100), "n".repeat(63), "a".repeat(63));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^c{55}-[0-9a-f]{8}$/);
    expect(awsAgentRoleName("c".repeat(100), "n".repeat(63), "b".repeat(63))).not.toBe(name);
  });

  it("never leaves a '-' before the hash's own when the cut falls on one", () => {
    const name = awsAgentRoleName("c".repeat(54), "ns", "agent");
    expect(name).toMatch(/^c{54}-[0-9a-f]{8}$/);
  });
});

describe("awsAgentIdentityMode", () => {
  it("is IRSA under gVisor, declared or by default, and Pod Identity under Kata or without a sandbox", () => {
    expect(awsAgentIdentityMode({})).toBe("irsa");
    expect(awsAgentIdentityMode({ sandbox: "gvisor" })).toBe("irsa");
    expect(awsAgentIdentityMode({ sandbox: "kata-qemu" })).toBe("pod-identity");
    expect(awsAgentIdentityMode({ sandbox: "kata-fc" })).toBe("pod-identity");
    expect(awsAgentIdentityMode({ sandbox: "none" })).toBe("pod-identity");
  });
});

describe("awsPermissionsOf", () => {
  it("keeps only cloud: aws permissions", () => {
    expect(awsPermissionsOf({ cloudPermissions: [GCP, READ] })).toEqual([READ]);
    expect(awsPermissionsOf({})).toEqual([]);
  });
});

describe("awsIdentityBinding", () => {
  const binding = awsIdentityBinding(BINDING);

  it("opens no endpoint of its own", () => {
    expect(binding.endpoints).toEqual([]);
  });

  it("gives a gVisor agent IRSA: the role ARN and regional STS on its ServiceAccount, STS by name, no endpoint", () => {
    expect(binding.bind(target({ cloudPermissions: [READ] }))).toEqual({
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/agentcloud-agents-reader-bbd0c56e",
        "eks.amazonaws.com/sts-regional-endpoints": "true",
      },
      egress: ["sts.eu-west-1.amazonaws.com"],
    });
  });

  it("gives a Kata agent Pod Identity: the agent's link-local endpoint on port 80, no annotation", () => {
    expect(binding.bind(target({ sandbox: "kata-qemu", cloudPermissions: [READ] }))).toEqual({
      endpoints: [{ address: "169.254.170.23", port: 80 }],
    });
  });

  it("uses the IPv6 Pod Identity address on IPv6 clusters", () => {
    const v6 = awsIdentityBinding({ ...BINDING, ipFamily: "ipv6" });
    expect(v6.bind(target({ sandbox: "kata-clh", cloudPermissions: [READ] }))).toEqual({
      endpoints: [{ address: "fd00:ec2::23", port: 80 }],
    });
  });

  it("gives agents without AWS permissions nothing (GCP-only permissions included)", () => {
    expect(binding.bind(target({}))).toEqual({});
    expect(binding.bind(target({ cloudPermissions: [GCP] }))).toEqual({});
    expect(binding.bind(target({ sandbox: "kata-qemu", cloudPermissions: [GCP] }))).toEqual({});
  });

  it("names ARNs and the STS host in the binding's partition", () => {
    const cn = awsIdentityBinding({ ...BINDING, region: "cn-north-1", partition: "aws-cn" });
    expect(cn.bind(target({ cloudPermissions: [READ] }))).toEqual({
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": `arn:aws-cn:iam::123456789012:role/${awsAgentRoleName("agentcloud", "agents", "reader")}`,
        "eks.amazonaws.com/sts-regional-endpoints": "true",
      },
      egress: ["sts.cn-north-1.amazonaws.com.cn"],
    });
    expect(awsStsHost({ region: "us-gov-west-1", partition: "aws-us-gov" })).toBe("sts.us-gov-west-1.amazonaws.com");
  });
});
