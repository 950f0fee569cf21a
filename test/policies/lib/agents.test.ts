import type { PolicyResource } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { agentReason, hasValidOptOut, optOutAnnotation, tenantNamespaces } from "../../../policies/lib/agents";
import type { PodTemplate } from "../../../policies/lib/pod-templates";
import type { Registration } from "../../../cli/mock-runtime";
import { list, namespace, registration, retype } from "../helpers";

const resource = (r: Registration) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }) as unknown as PolicyResource;
const template = (over: Partial<PodTemplate>): PodTemplate => ({
  kind: "Deployment",
  name: "x",
  objectLabels: {},
  metadata: {},
  spec: {} as PodTemplate["spec"],
  specPath: "spec",
  ...over,
});

describe("tenantNamespaces", () => {
  it("finds Namespaces labelled as tenants, as objects, patches, CustomResources and list items, with their URNs", () => {
    const regs = [
      namespace("team-a", "a"),
      namespace("platform"),
      retype(namespace("team-b", "b"), "kubernetes:core/v1:NamespacePatch"),
      retype(namespace("team-c", "c"), "kubernetes:v1:Namespace"),
      list("kubernetes:core/v1:NamespaceList", "nss", [
        namespace("team-d", "d"),
        registration("x", "y", { metadata: { labels: { "agentcloud.dev/tenant": "e" } } }),
      ]),
      registration("kubernetes:core/v1:Namespace", "unnamed", { metadata: { labels: { "agentcloud.dev/tenant": "u" } } }),
      registration("kubernetes:core/v1:Namespace", "numeric", { metadata: { name: "numeric", labels: { "agentcloud.dev/tenant": 1 } } }),
      registration("kubernetes:core/v1:ConfigMap", "cm", { metadata: { name: "cm", labels: { "agentcloud.dev/tenant": "x" } } }),
    ];
    expect([...tenantNamespaces(regs.map(resource))]).toEqual([
      ["team-a", "urn:pulumi:test::test::kubernetes:core/v1:Namespace::res-team-a"],
      ["team-b", "urn:pulumi:test::test::kubernetes:core/v1:NamespacePatch::res-team-b"],
      ["team-c", "urn:pulumi:test::test::kubernetes:v1:Namespace::res-team-c"],
      ["team-d", "urn:pulumi:test::test::kubernetes:core/v1:NamespaceList::res-nss"],
      ["unnamed", "urn:pulumi:test::test::kubernetes:core/v1:Namespace::unnamed"],
    ]);
  });
});

describe("agentReason", () => {
  const tenants = new Map([["team-a", "urn"]]);
  it("is the label on the template or the object, else the tenant namespace, else undefined", () => {
    expect(agentReason(template({ metadata: { labels: { "agentcloud.dev/agent": "" } } }), new Map())).toBe(
      "labelled agentcloud.dev/agent",
    );
    expect(agentReason(template({ objectLabels: { "agentcloud.dev/agent": "coder" } }), new Map())).toBe("labelled agentcloud.dev/agent");
    expect(agentReason(template({ namespace: "team-a" }), tenants)).toBe('in tenant namespace "team-a"');
    expect(agentReason(template({ namespace: "apps" }), tenants)).toBeUndefined();
    expect(
      agentReason(template({ objectLabels: { "agentcloud.dev/agent": 1 }, metadata: { labels: { app: "web" } } }), tenants),
    ).toBeUndefined();
    expect(agentReason(template({}), new Map([["default", "urn"]]))).toBe('in tenant namespace "default"');
  });
});

describe("sandbox opt-outs", () => {
  it("count only with a non-blank string reason", () => {
    const withReason = (value: unknown) => template({ metadata: { annotations: { "agentcloud.dev/unsafe-no-sandbox": value as string } } });
    expect([optOutAnnotation(withReason("why")), optOutAnnotation(withReason(3)), optOutAnnotation(template({}))]).toEqual([
      "why",
      undefined,
      undefined,
    ]);
    expect(["why", " why ", "", "  ", "\n"].map((r) => hasValidOptOut(withReason(r)))).toEqual([true, true, false, false, false]);
    expect(hasValidOptOut(template({}))).toBe(false);
  });
});
