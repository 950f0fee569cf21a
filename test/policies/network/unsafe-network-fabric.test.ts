import { describe, expect, it } from "vitest";
import { unsafeNetworkFabric } from "../../../policies/network/unsafe-network-fabric";
import { messages, violations } from "../helpers";
import { ENCRYPTION, FABRIC, UNSAFE_FABRIC, ciliumTenant, tenant } from "./objects";

const reported = (ns: string, on: string, encrypted: string) =>
  `Namespace "${ns}" is a tenant namespace on ${on} (${encrypted}) and acknowledges it with ${UNSAFE_FABRIC}; a security ` +
  "reviewer should confirm the stated reason.";

describe("agentcloud-network-unsafe-network-fabric", () => {
  it("reports each acknowledged fabric opt-out as advisory, without the reason", async () => {
    const regs = [
      tenant("team-a", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none", [UNSAFE_FABRIC]: "demo cluster; token=CANARY" }),
      tenant("team-b", { [FABRIC]: "dataplane-v2", [ENCRYPTION]: "wireguard", [UNSAFE_FABRIC]: "no FQDN policy yet" }),
      tenant("team-c", { [FABRIC]: "CANARY", [UNSAFE_FABRIC]: "legacy" }),
    ];
    const found = await violations([unsafeNetworkFabric], regs);
    expect(found.map((v) => v.message)).toEqual([
      reported("team-a", "the networkpolicy-only fabric", "no encryption"),
      reported("team-b", "the dataplane-v2 fabric", "encryption wireguard"),
      reported("team-c", "a fabric it does not name", "no encryption"),
    ]);
    expect(found.map((v) => [v.severity, v.enforcementLevel])).toEqual([
      ["medium", "advisory"],
      ["medium", "advisory"],
      ["medium", "advisory"],
    ]);
    expect(found.filter((v) => /CANARY|demo/.test(v.message))).toEqual([]);
  });

  it("reports nothing for compliant twins and blank reasons (the mandatory policies flag those)", async () => {
    const regs = [ciliumTenant("team-a"), tenant("team-b", { [FABRIC]: "networkpolicy-only", [UNSAFE_FABRIC]: "  " }), tenant("team-c")];
    expect(await messages(unsafeNetworkFabric, regs)).toEqual([]);
  });
});
