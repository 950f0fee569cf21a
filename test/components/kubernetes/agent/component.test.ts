import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { Agent } from "../../../../components/kubernetes/agent";
import { AgentNamespace } from "../../../../components/kubernetes/agent-namespace";
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
    expect((rec.named("coder-deployment").inputs as { spec: { replicas: number } }).spec.replicas).toBe(2);
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
    expect(
      ["claims-role", "claims-binding", "claims-policy", "claims-policy-binding"].map((role) => {
        const r = rec.named(`interp-${role}`);
        expect(r.parent).toBe(parent);
        return r.type;
      }),
    ).toEqual([
      "kubernetes:rbac.authorization.k8s.io/v1:Role",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    ]);
  });

  it("throws every problem before registering anything", async () => {
    const { error, rec } = await recordRejection(() => new Agent("bad", { ...BASE, replicas: -1, resources: { cpu: "lots" } }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        'Agent "bad" has 2 invalid arguments:',
        "  - replicas: must be a whole number from 1 to 1000 (got -1); fix: set replicas to a whole number from 1 to 1000",
        '  - resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});

/** A resource that takes outputs as inputs, as a consumer in a stack would. */
class Consumer extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("test:index:Consumer", name, props);
  }
}

describe("Agent outputs", () => {
  it("carry their children: a consumer of serviceAccountName or workload depends on the ServiceAccount or the workload", async () => {
    const rec = await record(() => {
      const agent = new Agent("coder", BASE);
      new Consumer("by-account", { account: agent.serviceAccountName, namespace: agent.namespace });
      new Consumer("by-workload", { workload: agent.workload, selector: agent.podSelector });
    });
    expect(rec.named("by-account").dependencies).toEqual([rec.named("coder-service-account").urn]);
    expect(rec.named("by-workload").dependencies).toEqual([rec.named("coder-deployment").urn]);
    expect(rec.named("by-account").inputs).toEqual({ account: "coder", namespace: "agents" });
    expect(rec.named("by-workload").inputs).toEqual({ workload: "deployment", selector: { "agentcloud.dev/agent": "coder" } });
  });

  it("of a sandbox-pool: the workload is the warm pool, and there is no Service", async () => {
    const rec = await record(() => {
      const agent = new Agent("interp", { ...BASE, workload: "sandbox-pool" });
      new Consumer("by-service", { service: agent.serviceName, workload: agent.workload });
    });
    expect(rec.named("by-service").dependencies).toEqual([rec.named("interp-warm-pool").urn]);
    expect(rec.named("by-service").inputs).toEqual({ workload: "sandbox-pool" });
  });
});

describe("Agent namespace from another resource's output", () => {
  it("renders the same objects, and each waits for the namespace resource", async () => {
    const plain = await record(() => {
      new Agent("coder", { ...BASE, replicas: 2 });
    });
    const rec = await record(() => {
      const tenant = new AgentNamespace("tenant", { namespace: "agents", owner: "team", costCentre: "cc" });
      new Agent("coder", { ...BASE, replicas: 2, namespace: tenant.namespaceName });
    });
    const namespaceUrn = rec.named("tenant-namespace").urn;
    const children = rec.registrations.filter((r) => r.parent === rec.named("coder").urn);
    expect(children.map((c) => c.name).sort()).toEqual(
      plain.registrations
        .filter((r) => r.parent === plain.named("coder").urn)
        .map((c) => c.name)
        .sort(),
    );
    for (const child of children) {
      expect(child.dependencies).toContain(namespaceUrn);
      expect(child.inputs).toEqual(plain.named(child.name).inputs);
    }
  });

  it("is validated once it resolves, failing with the message a plain value gets", async () => {
    const plain = await recordRejection(() => new Agent("coder", { ...BASE, namespace: "Team_A" }));
    const { error } = await recordRejection(() => new Agent("coder", { ...BASE, namespace: pulumi.output("Team_A") }));
    expect(plain.error).toBeInstanceOf(ArgumentError);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe((plain.error as Error).message);
    expect((error as Error).message).toContain("namespace:");
  });

  it("does not hold back the other problems: they are thrown before anything is registered", async () => {
    const { error, rec } = await recordRejection(() => new Agent("bad", { ...BASE, namespace: pulumi.output("Team_A"), replicas: -1 }));
    expect((error as Error).message).toBe(
      'Agent "bad" has 1 invalid argument:\n  - replicas: must be a whole number from 1 to 1000 (got -1); fix: set replicas to a whole number from 1 to 1000',
    );
    expect(rec.registrations).toEqual([]);
  });
});
