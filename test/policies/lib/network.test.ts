import { describe, expect, it } from "vitest";
import {
  dnsOnly,
  describePorts,
  isSubdomainWildcard,
  matchesEverything,
  maySelectNamespace,
  patternMatches,
  portsWithin,
  requiresAgentLabel,
  selectsWholeNamespace,
  type TenantNamespace,
} from "../../../policies/lib/network";

const TEAM_A: TenantNamespace = { name: "team-a", urn: "u", labels: { "agentcloud.dev/tenant": "a", env: "prod" }, annotations: {} };
const NS = "k8s:io.kubernetes.pod.namespace";
const LABEL = "k8s:io.cilium.k8s.namespace.labels.";

describe("policies/lib/network", () => {
  it("matches Cilium FQDN patterns as the CRD describes them", () => {
    const cases: [string, string, boolean][] = [
      ["*.cilium.io", "www.cilium.io", true],
      ["*.cilium.io", "cilium.io", false],
      ["*.cilium.io", "a.b.cilium.io", false],
      ["**.cilium.io", "a.b.cilium.io", true],
      ["**.cilium.io", "cilium.io", false],
      ["sub*.cilium.io", "subdomain.cilium.io", true],
      ["sub*.cilium.io", "www.cilium.io", false],
      ["*cilium.io", "sub-cilium.io", true],
      ["*", "metadata.google.internal", true],
      ["*.google.internal", "METADATA.google.internal.", true],
      ["metadata.*", "metadata.goog", true],
      ["api.github.com", "api-github.com", false],
    ];
    expect(cases.map(([p, n]) => [p, n, patternMatches(p, n)])).toEqual(cases);
  });

  it("tells the wildcard shapes apart", () => {
    expect(["*", "*.*", "**.*", "*.com", "a*"].map(matchesEverything)).toEqual([true, true, true, false, false]);
    const shapes = [
      "*.example.com",
      "*.example.com.",
      "*.a.b.c",
      "*.com",
      "*",
      "api.*.com",
      "**.example.com",
      "*example.com",
      "*.*.example.com",
    ];
    expect(shapes.filter(isSubdomainWildcard)).toEqual(["*.example.com", "*.example.com.", "*.a.b.c"]);
  });

  it("evaluates selectors against a namespace: whole namespace, may select, agent label", () => {
    const cases: [Record<string, unknown>, boolean, boolean][] = [
      [{}, true, true],
      [{ matchLabels: { [NS]: "team-a" } }, true, true],
      [{ matchLabels: { "io.kubernetes.pod.namespace": "team-b" } }, false, false],
      [{ matchLabels: { [`${LABEL}env`]: "prod" } }, true, true],
      [{ matchLabels: { [`${LABEL}kubernetes.io/metadata.name`]: "team-a" } }, true, true],
      [{ matchExpressions: [{ key: `${LABEL}agentcloud.dev/tenant`, operator: "Exists" }] }, true, true],
      [{ matchExpressions: [{ key: `${LABEL}agentcloud.dev/tenant`, operator: "DoesNotExist" }] }, false, false],
      [{ matchExpressions: [{ key: NS, operator: "NotIn", values: ["kube-system"] }] }, true, true],
      [{ matchExpressions: [{ key: NS, operator: "Sometimes" }] }, false, false],
      [{ matchLabels: { app: "web" } }, false, true],
      [{ matchLabels: { [NS]: "team-a", app: "web" } }, false, true],
    ];
    expect(cases.map(([s]) => [s, selectsWholeNamespace(s, TEAM_A), maySelectNamespace(s, TEAM_A)])).toEqual(cases);
    expect(
      [
        { matchLabels: { "agentcloud.dev/agent": "coder" } },
        { matchLabels: { "k8s:agentcloud.dev/agent": "coder" } },
        { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "Exists" }] },
        { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "DoesNotExist" }] },
        { matchLabels: { app: "coder" } },
      ].map(requiresAgentLabel),
    ).toEqual([true, true, true, false, false]);
  });

  it("reads ports: DNS only, within a set, and for messages", () => {
    expect([
      dnsOnly([{ from: 53, to: 53 }]),
      dnsOnly([{ from: 53, to: 54 }]),
      dnsOnly([]),
      dnsOnly("all"),
      dnsOnly([{ name: "dns" }]),
    ]).toEqual([true, false, false, false, false]);
    expect([
      portsWithin([{ from: 80, to: 80 }], [80]),
      portsWithin([{ from: 80, to: 81 }], [80]),
      portsWithin("all", [80]),
      portsWithin([], [80]),
    ]).toEqual([true, false, false, false]);
    expect([
      describePorts("all"),
      describePorts([{ from: 80, to: 80 }]),
      describePorts([{ from: 1, to: 9 }, { name: "bad name!" }]),
    ]).toEqual(["all ports", "port 80", "ports 1-9, (an invalid name)"]);
  });
});
