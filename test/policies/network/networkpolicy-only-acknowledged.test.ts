import { describe, expect, it } from "vitest";
import { networkpolicyOnlyAcknowledged } from "../../../policies/network/networkpolicy-only-acknowledged";
import { messages, violations } from "../helpers";
import { ENCRYPTION, FABRIC, UNSAFE_FABRIC, ciliumTenant, tenant } from "./objects";

const unacknowledged = (ns: string, missing: string) =>
  `Namespace "${ns}" is a tenant namespace on the networkpolicy-only fabric (no FQDN egress, no encryption between nodes) ` +
  `and ${missing}; use a fabric that enforces both, or state why the agents may run without them.`;

describe("agentcloud-network-networkpolicy-only-acknowledged", () => {
  it("accepts a networkpolicy-only tenant namespace that states its reason", async () => {
    const ok = tenant("team-a", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none", [UNSAFE_FABRIC]: "kind cluster, demo data" });
    expect(await messages(networkpolicyOnlyAcknowledged, [ok])).toEqual([]);
  });

  it("flags a networkpolicy-only tenant namespace without the acknowledgement, or with a blank one, against the Namespace", async () => {
    const regs = [
      tenant("team-a", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none" }),
      tenant("team-b", { [FABRIC]: "networkpolicy-only", [UNSAFE_FABRIC]: "" }),
    ];
    const found = await violations([networkpolicyOnlyAcknowledged], regs);
    expect(found.map((v) => v.message)).toEqual([
      unacknowledged("team-a", `carries no ${UNSAFE_FABRIC} annotation`),
      unacknowledged("team-b", `has a ${UNSAFE_FABRIC} annotation that states no reason`),
    ]);
    expect(found.map((v) => [v.urn, v.severity, v.enforcementLevel])[0]).toEqual([
      "urn:pulumi:test::test::kubernetes:core/v1:Namespace::res-team-a",
      "high",
      "mandatory",
    ]);
  });

  it("is not applicable to other fabrics or tenant namespaces without a fabric annotation", async () => {
    const regs = [ciliumTenant("team-a"), tenant("team-b", { [FABRIC]: "dataplane-v2" }), tenant("team-c")];
    expect(await messages(networkpolicyOnlyAcknowledged, regs)).toEqual([]);
  });
});
