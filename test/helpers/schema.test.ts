import { describe, expect, it } from "vitest";
import { schemaErrors } from "./schema";

describe("schema helper", () => {
  it("accepts a valid core object and rejects a malformed quantity", async () => {
    const ok = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "v" } };
    expect(await schemaErrors(ok)).toEqual([]);
    const bad = {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: "a" },
      spec: { limits: [{ type: "Container", max: { cpu: "lots" } }] },
    };
    expect((await schemaErrors(bad)).join()).toMatch(/cpu must match format "quantity"/);
  });

  it("validates agent-sandbox custom resources against the upstream CRD", async () => {
    const ok = {
      apiVersion: "extensions.agents.x-k8s.io/v1beta1",
      kind: "SandboxWarmPool",
      metadata: { name: "p" },
      spec: { replicas: 2, sandboxTemplateRef: { name: "t" } },
    };
    expect(await schemaErrors(ok)).toEqual([]);
    const bad = { ...ok, spec: { replicas: -1 } };
    const errors = await schemaErrors(bad);
    expect(errors).toContain("/spec must have required property 'sandboxTemplateRef'");
    expect(errors).toContain("/spec/replicas must be >= 0");
  });

  it("refuses kinds it has no schema for", async () => {
    expect(await schemaErrors({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual([
      "no schema known for example.com/v1 Widget (neither kubernetes-models nor an upstream CRD)",
    ]);
  });

  it("compiles Cilium's CRD (Go's \\PC in patterns) and checks a CiliumNetworkPolicy against it", async () => {
    const ok = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "p", namespace: "agents" },
      spec: { endpointSelector: { matchLabels: { app: "a" } }, egress: [{ toFQDNs: [{ matchName: "api.github.com" }] }] },
    };
    expect(await schemaErrors(ok)).toEqual([]);
    const bad = { ...ok, spec: { ...ok.spec, egress: [{ toFQDNs: [{ matchName: "bad name!" }] }] } };
    expect((await schemaErrors(bad)).join()).toMatch(/\/spec\/egress\/0\/toFQDNs\/0\/matchName must match pattern/);
  });
});
