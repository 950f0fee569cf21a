import { describe, expect, it } from "vitest";
import { wildcardEgressAcknowledged } from "../../../policies/network/wildcard-egress-acknowledged";
import { invalidObjects } from "../../helpers/schema";
import { messages, namespace, violations } from "../helpers";
import { UNSAFE_WILDCARD, agentCnpSpec, ccnp, dnsRule, ciliumTenant, cnp, cnpObject, egressPolicy, tenant } from "./objects";

const CNP = 'CiliumNetworkPolicy "coder" in namespace "team-a"';
const unacknowledged = (object: string, found: string, missing: string) =>
  `${object} allows wildcard egress (${found}) but ${missing}; list each host with matchName, or state why the agent ` +
  "needs the wildcard (agentcloud's unsafeWildcardEgress option).";
const NO_ANNOTATION = `carries no ${UNSAFE_WILDCARD} annotation`;
const badShape = (object: string, where: string) =>
  `${object} egress rule ${where} is not one leading "*." over a domain of two labels or more (like "*.example.com"); ` +
  "list each host with matchName, or narrow the pattern to that shape.";
const wildcard = (patterns: string[]) =>
  agentCnpSpec(
    "coder",
    patterns.map((matchPattern) => ({ matchPattern })),
  );

describe("agentcloud-network-wildcard-egress-acknowledged", () => {
  it("reports nothing for matchName rules, nor for a wildcard acknowledged with a reason (the annotation is the acknowledgement)", async () => {
    expect(await messages(wildcardEgressAcknowledged, [ciliumTenant("team-a"), cnp("coder", "team-a", agentCnpSpec("coder"))])).toEqual([]);
    const literal = cnp("coder", "team-a", wildcard(["api.github.com"]));
    expect(await messages(wildcardEgressAcknowledged, [ciliumTenant("team-a"), literal])).toEqual([]);
    const acknowledged = cnp("coder", "team-a", wildcard(["*.googleapis.com"]), { [UNSAFE_WILDCARD]: "calls regional endpoints" });
    expect(await messages(wildcardEgressAcknowledged, [ciliumTenant("team-a"), acknowledged])).toEqual([]);
    expect(await invalidObjects([cnpObject("coder", "team-a", wildcard(["*.googleapis.com"]), { [UNSAFE_WILDCARD]: "r" })])).toEqual([]);
  });

  it("flags a wildcard without the annotation or with a blank reason, listing every pattern of the policy", async () => {
    const spec = wildcard(["*.googleapis.com", "*.example.com"]);
    const found = await violations([wildcardEgressAcknowledged], [tenant("team-a"), cnp("coder", "team-a", spec)]);
    const listed = 'spec.egress[2].toFQDNs[0].matchPattern "*.googleapis.com", spec.egress[2].toFQDNs[1].matchPattern "*.example.com"';
    expect(found.map((v) => v.message)).toEqual([unacknowledged(CNP, listed, NO_ANNOTATION)]);
    expect(found.map((v) => [v.urn, v.severity, v.enforcementLevel])).toEqual([
      ["urn:pulumi:test::test::kubernetes:cilium.io/v2:CiliumNetworkPolicy::res-coder", "medium", "mandatory"],
    ]);
    const blank = cnp("coder", "team-a", wildcard(["*.example.com"]), { [UNSAFE_WILDCARD]: "  " });
    expect(await messages(wildcardEgressAcknowledged, [tenant("team-a"), blank])).toEqual([
      unacknowledged(
        CNP,
        'spec.egress[2].toFQDNs[0].matchPattern "*.example.com"',
        `has a ${UNSAFE_WILDCARD} annotation that states no reason`,
      ),
    ]);
  });

  it("flags patterns that are not one leading *. over a domain, whatever the annotation says", async () => {
    const patterns = ["*", "*.com", "api.*.com", "**.example.com", "*example.com", "*.*.example.com", "*.example.com."];
    const spec = wildcard(patterns);
    expect(await invalidObjects([cnpObject("coder", "team-a", spec, { [UNSAFE_WILDCARD]: "r" })])).toEqual([]);
    const acknowledged = cnp("coder", "team-a", spec, { [UNSAFE_WILDCARD]: "needs them" });
    const at = (i: number) => `spec.egress[2].toFQDNs[${i}].matchPattern ${JSON.stringify(patterns[i])}`;
    expect(await messages(wildcardEgressAcknowledged, [tenant("team-a"), acknowledged])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => badShape(CNP, at(i))).sort(),
    );
  });

  it("ignores DNS proxy rules (toPorts rules.dns matchPattern) and policies that do not apply to agents", async () => {
    // The agent label selects agent pods wherever the policy is: judged.
    const agents = cnp("coder", "apps", wildcard(["*.example.com"]));
    expect(await messages(wildcardEgressAcknowledged, [namespace("apps"), agents])).toEqual([
      unacknowledged(
        'CiliumNetworkPolicy "coder" in namespace "apps"',
        'spec.egress[2].toFQDNs[0].matchPattern "*.example.com"',
        NO_ANNOTATION,
      ),
    ]);
    const dnsOnly = { endpointSelector: {}, egress: [dnsRule()] };
    expect(await messages(wildcardEgressAcknowledged, [tenant("team-a"), cnp("coder", "team-a", dnsOnly)])).toEqual([]);
    const web = { ...wildcard(["*.example.com"]), endpointSelector: { matchLabels: { app: "web" } } };
    const elsewhere = [namespace("apps"), cnp("web", "apps", web), egressPolicy("np", "apps", [{}])];
    expect(await messages(wildcardEgressAcknowledged, elsewhere)).toEqual([]);
  });

  it("judges clusterwide policies that may select tenant pods, by their own annotations", async () => {
    const spec = { endpointSelector: {}, egress: [{ toFQDNs: [{ matchPattern: "*.example.com" }] }] };
    expect(await messages(wildcardEgressAcknowledged, [tenant("team-a"), ccnp("shared", spec)])).toEqual([
      unacknowledged('CiliumClusterwideNetworkPolicy "shared"', 'spec.egress[0].toFQDNs[0].matchPattern "*.example.com"', NO_ANNOTATION),
    ]);
    expect(await messages(wildcardEgressAcknowledged, [tenant("team-a"), ccnp("shared", spec, { [UNSAFE_WILDCARD]: "r" })])).toEqual([]);
  });
});
