import { describe, expect, it } from "vitest";
import { policies } from "../../../policies/all";
import { localStack } from "../../../stacks/local";
import { record } from "../../helpers/pulumi";
import { violations } from "../helpers";

// The network policies over what the local reference stack registers on each fabric: the derived objects pass, and
// the policies do judge them (removing the fabric default deny or the encryption is reported).
const NETWORK = policies.filter((p) => p.name.startsWith("agentcloud-network-"));
const found = async (config: Record<string, unknown>, edit?: (regs: Awaited<ReturnType<typeof record>>["registrations"]) => void) => {
  const rec = await record(() => {
    localStack();
  }, config);
  edit?.(rec.registrations);
  return (await violations(NETWORK, rec.registrations)).map((v) => `${v.policy} (${v.enforcementLevel}): ${v.message}`);
};

describe("network policies over the local stack", () => {
  it("pass Cilium installed by agentcloud and an existing Cilium with WireGuard", async () => {
    expect(await found({})).toEqual([]);
    expect(
      await found({
        "agentcloud:networkFabric": "cilium-existing",
        "agentcloud:existingCilium": { encryption: "wireguard", kubeProxyReplacement: false, l7Proxy: true },
      }),
    ).toEqual([]);
  });

  it("report the networkpolicy-only fabric's stated reason, as advisory only", async () => {
    const config = {
      "agentcloud:networkFabric": "networkpolicy-only",
      "agentcloud:unsafeNetworkPolicyOnlyReason": "kind with Calico for a demo",
      "agentcloud:apiServer": { cidrs: ["172.18.0.2/32"], ports: [6443] },
    };
    expect(await found(config)).toEqual([
      'agentcloud-network-unsafe-network-fabric (advisory): Namespace "agents" is a tenant namespace on the networkpolicy-only ' +
        "fabric (no encryption) and acknowledges it with agentcloud.dev/unsafe-network-fabric; a security reviewer should " +
        "confirm the stated reason.",
    ]);
  });

  it("judge the stack's own objects: without the clusterwide default deny, or with encryption off, they are reported", async () => {
    const dropDefaultDeny = (regs: Awaited<ReturnType<typeof record>>["registrations"]) => {
      const at = regs.findIndex((r) => r.type === "kubernetes:cilium.io/v2:CiliumClusterwideNetworkPolicy");
      regs.splice(at, 1);
    };
    expect(await found({}, dropDefaultDeny)).toEqual([
      'agentcloud-network-fabric-default-deny (mandatory): Namespace "agents" is a tenant namespace on the cilium fabric and no ' +
        "CiliumClusterwideNetworkPolicy or CiliumNetworkPolicy denies ingress and egress by default for all its pods; add one " +
        "that selects the namespace's pods, sets enableDefaultDeny {ingress: true, egress: true} and allows nothing.",
    ]);
    const encryptionOff = (regs: Awaited<ReturnType<typeof record>>["registrations"]) => {
      const release = regs.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "cilium")!;
      release.inputs = { ...release.inputs, values: { ...(release.inputs.values as object), encryption: { enabled: false } } };
    };
    expect(await found({}, encryptionOff)).toEqual([
      'agentcloud-network-encryption-in-transit (mandatory): Helm Release "cilium" installs Cilium and does not set ' +
        "values.encryption.enabled to true; set values encryption: {enabled: true, type: wireguard} (or ipsec, ztunnel) so " +
        "agent traffic between nodes is encrypted.",
    ]);
  });
});
