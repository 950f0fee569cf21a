import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { Agent } from "../../../../components/kubernetes/agent";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { BASE } from "./fixtures";

describe("Agent", () => {
  it("registers its objects as typed children named <name>-<role>, with the provider from opts", async () => {
    const rec = await record(() => {
      const provider = new k8s.Provider("cluster", {});
      new Agent("coder", { ...BASE, replicas: 2 }, { provider });
    });
    const agent = rec.named("coder");
    expect(agent.type).toBe("agentcloud:kubernetes:Agent");
    const children = rec.registrations.filter((r) => r.parent === agent.urn);
    // Registration order is asynchronous; the plan sorts by URN.
    expect(children.map((c) => [c.name, c.type]).sort()).toEqual([
      ["coder-deployment", "kubernetes:apps/v1:Deployment"],
      ["coder-network-policy", "kubernetes:networking.k8s.io/v1:NetworkPolicy"],
      ["coder-pdb", "kubernetes:policy/v1:PodDisruptionBudget"],
      ["coder-service", "kubernetes:core/v1:Service"],
      ["coder-service-account", "kubernetes:core/v1:ServiceAccount"],
    ]);
    for (const c of children) expect(c.provider).toMatch(/::cluster::cluster-id$/);
    expect((rec.named("coder-deployment").inputs as any).spec.replicas).toBe(2);
  });

  it("registers sandbox-pool custom resources with their CRD type tokens", async () => {
    const rec = await record(() => {
      new Agent("interp", { ...BASE, workload: "sandbox-pool" });
    });
    expect(rec.named("interp-sandbox-template").type).toBe("kubernetes:extensions.agents.x-k8s.io/v1beta1:SandboxTemplate");
    expect(rec.named("interp-warm-pool").type).toBe("kubernetes:extensions.agents.x-k8s.io/v1beta1:SandboxWarmPool");
  });

  it("registers a pool's claim RBAC and admission policy as typed children", async () => {
    const rec = await record(() => {
      new Agent("interp", { ...BASE, workload: "sandbox-pool", acceptsFrom: [{ agent: "caller" }] });
    });
    const parent = rec.named("interp").urn;
    expect(["claims-role", "claims-binding", "claims-policy", "claims-policy-binding"].map((role) => {
      const r = rec.named(`interp-${role}`);
      expect(r.parent).toBe(parent);
      return r.type;
    })).toEqual([
      "kubernetes:rbac.authorization.k8s.io/v1:Role",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    ]);
  });

  it("throws every problem before registering anything", async () => {
    const { error, rec } = await recordRejection(() => new Agent("bad", { ...BASE, replicas: -1, resources: { cpu: "lots" } }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe([
      'Agent "bad" has 2 invalid arguments:',
      "  - replicas: must be a whole number from 1 to 1000 (got -1); fix: set replicas to a whole number from 1 to 1000",
      '  - resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
    ].join("\n"));
    expect(rec.registrations).toEqual([]);
  });
});
