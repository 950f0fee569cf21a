import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AGENT_SANDBOX_CRD_NAMES, AgentSandboxController } from "../../../../components/kubernetes/agent-sandbox";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";

const TYPES: Record<string, string> = {
  "ctl-crd-sandboxes": "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
  "ctl-crd-sandboxclaims": "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
  "ctl-crd-sandboxtemplates": "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
  "ctl-crd-sandboxwarmpools": "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
  "ctl-namespace": "kubernetes:core/v1:Namespace",
  "ctl-service-account": "kubernetes:core/v1:ServiceAccount",
  "ctl-cluster-role": "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
  "ctl-cluster-role-binding": "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  "ctl-leader-election-role": "kubernetes:rbac.authorization.k8s.io/v1:Role",
  "ctl-leader-election-binding": "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  "ctl-webhook-certs-role": "kubernetes:rbac.authorization.k8s.io/v1:Role",
  "ctl-webhook-certs-binding": "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  "ctl-deployment": "kubernetes:apps/v1:Deployment",
  "ctl-metrics-service": "kubernetes:core/v1:Service",
  "ctl-webhook-service": "kubernetes:core/v1:Service",
  "ctl-default-deny": "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  "ctl-network-policy": "kubernetes:networking.k8s.io/v1:NetworkPolicy",
};

describe("AgentSandboxController", () => {
  it("registers every object as its typed resource under the component, with the given provider", async () => {
    let outputs: { namespaceName?: string; crdNames?: string[] } = {};
    const rec = await record(async () => {
      const provider = new k8s.Provider("cluster", {});
      const controller = new AgentSandboxController("ctl", {}, { provider });
      outputs = await new Promise((resolve) =>
        pulumi
          .all([controller.namespaceName, controller.crdNames])
          .apply(([namespaceName, crdNames]) => resolve({ namespaceName, crdNames })),
      );
    });
    const component = rec.named("ctl");
    expect(component.type).toBe("agentcloud:kubernetes:AgentSandboxController");
    const children = rec.registrations.filter((r) => r.parent === component.urn);
    expect(Object.fromEntries(children.map((c) => [c.name, c.type]))).toEqual(TYPES);
    for (const child of children) expect(child.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
    expect(outputs).toEqual({ namespaceName: "agent-sandbox-system", crdNames: [...AGENT_SANDBOX_CRD_NAMES] });
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("installs the four CRDs and makes the controller wait for them, its namespace, ServiceAccount, RBAC and NetworkPolicies", async () => {
    const rec = await record(() => {
      new AgentSandboxController("ctl");
    });
    const crdNames = Object.keys(TYPES).filter((n) => n.startsWith("ctl-crd-"));
    expect(rec.kind("CustomResourceDefinition").map((c) => c.metadata.name)).toEqual(expect.arrayContaining([...AGENT_SANDBOX_CRD_NAMES]));
    expect(rec.kind("CustomResourceDefinition")).toHaveLength(4);
    const urn = (name: string) => rec.named(name).urn;
    expect(rec.named("ctl-deployment").dependencies).toEqual(
      [
        ...crdNames,
        "ctl-namespace",
        "ctl-service-account",
        "ctl-cluster-role",
        "ctl-cluster-role-binding",
        "ctl-leader-election-role",
        "ctl-leader-election-binding",
        "ctl-webhook-certs-role",
        "ctl-webhook-certs-binding",
        "ctl-default-deny",
        "ctl-network-policy",
      ]
        .map(urn)
        .sort(),
    );
    // Services need no ordering; nothing but the Deployment waits for the RBAC.
    expect(rec.named("ctl-deployment").dependencies).not.toContain(urn("ctl-webhook-service"));
    expect(rec.named("ctl-webhook-service").dependencies).toEqual([urn("ctl-namespace")]);
    expect(rec.named("ctl-service-account").dependencies).toEqual([urn("ctl-namespace")]);
    expect(rec.named("ctl-cluster-role").dependencies).toEqual([]);
  });

  it("skips the CRDs with installCrds: false and follows the namespace everywhere", async () => {
    let outputs: { namespaceName?: string; crdNames?: string[] } = {};
    const rec = await record(async () => {
      const controller = new AgentSandboxController("ctl", { installCrds: false, namespace: "sbx", replicas: 2 });
      outputs = await new Promise((resolve) =>
        pulumi
          .all([controller.namespaceName, controller.crdNames])
          .apply(([namespaceName, crdNames]) => resolve({ namespaceName, crdNames })),
      );
    });
    expect(rec.ofType("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition")).toEqual([]);
    expect(outputs).toEqual({ namespaceName: "sbx", crdNames: [] });
    expect(rec.kind("Namespace").map((n) => n.metadata.name)).toEqual(["sbx"]);
    const deployment = rec.kind("Deployment")[0] as unknown as { metadata: { namespace: string }; spec: { replicas: number } };
    expect(deployment.metadata.namespace).toBe("sbx");
    expect(deployment.spec.replicas).toBe(2);
    // No CRDs: the namespace, the ServiceAccount, six RBAC objects and two NetworkPolicies.
    expect(rec.named("ctl-deployment").dependencies).toHaveLength(10);
  });

  it("throws every problem at once before registering anything when arguments are invalid", async () => {
    const { error, rec } = await recordRejection(
      () => new AgentSandboxController("ctl", { namespace: "Agent Sandbox", replicas: 0, image: "Registry/Controller" }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        'AgentSandboxController "ctl" has 3 invalid arguments:',
        `  - namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "Agent Sandbox"); fix: use a name like "my-agent"`,
        '  - image: is not a container image reference (got "Registry/Controller"); fix: use a reference like "ghcr.io/acme/agent:1.2.3"',
        "  - replicas: must be a whole number from 1 to 10 (got 0); fix: set replicas to a whole number from 1 to 10",
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
