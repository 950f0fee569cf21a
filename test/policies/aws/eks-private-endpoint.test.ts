import { describe, expect, it } from "vitest";
import { eksPrivateEndpoint } from "../../../policies/aws/eks-private-endpoint";
import { messages, violations } from "../helpers";
import { cluster, compliantAws } from "./objects";

const WHO = 'EKS cluster "aws-cluster"';
const FIX = "set vpcConfig.endpointPublicAccess to false, or list only your operators' networks in vpcConfig.publicAccessCidrs.";
const withVpc = (vpcConfig: Record<string, unknown>) => [cluster((i) => (i.vpcConfig = { subnetIds: ["subnet-a"], ...vpcConfig }))];

describe("agentcloud-aws-eks-private-endpoint", () => {
  it("passes a private-only cluster, and a public endpoint restricted to admin networks", async () => {
    expect(await messages(eksPrivateEndpoint, compliantAws())).toEqual([]);
    const restricted = withVpc({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
    });
    expect(await messages(eksPrivateEndpoint, restricted)).toEqual([]);
  });

  it("reports EKS's defaults: private off, public on from every address", async () => {
    expect(await messages(eksPrivateEndpoint, withVpc({}))).toEqual([
      `${WHO} does not set vpcConfig.endpointPrivateAccess to true (EKS's default: off), so nodes reach the API server ` +
        "through its public endpoint; set it to true.",
      `${WHO} leaves vpcConfig.endpointPublicAccess unset (EKS's default: on) with no vpcConfig.publicAccessCidrs, so the ` +
        `API server answers every address (EKS's default 0.0.0.0/0); ${FIX}`,
    ]);
  });

  it("reports a public endpoint open to every address, one CIDR at a time or together", async () => {
    const open = withVpc({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0", "::/0", "not-a-cidr"],
    });
    expect(await messages(eksPrivateEndpoint, open)).toEqual([
      `${WHO} turns on vpcConfig.endpointPublicAccess and vpcConfig.publicAccessCidrs[1] is 0.0.0.0/0, every address; ${FIX}`,
      `${WHO} turns on vpcConfig.endpointPublicAccess and vpcConfig.publicAccessCidrs[2] is ::/0, every address; ${FIX}`,
      `${WHO} turns on vpcConfig.endpointPublicAccess and vpcConfig.publicAccessCidrs[3] is not a CIDR; ${FIX}`,
    ]);
    const halves = withVpc({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] });
    expect(await messages(eksPrivateEndpoint, halves)).toEqual([
      `${WHO} turns on vpcConfig.endpointPublicAccess and vpcConfig.publicAccessCidrs together hold every address ` +
        `(0.0.0.0/1, 128.0.0.0/1); ${FIX}`,
    ]);
    const empty = withVpc({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: [] });
    expect(await messages(eksPrivateEndpoint, empty)).toEqual([
      `${WHO} turns on vpcConfig.endpointPublicAccess with no vpcConfig.publicAccessCidrs, so the API server answers every ` +
        `address (EKS's default 0.0.0.0/0); ${FIX}`,
    ]);
  });

  it("is mandatory, reports on the cluster, and does not apply without a cluster", async () => {
    const [v] = await violations([eksPrivateEndpoint], withVpc({ endpointPrivateAccess: true }));
    expect([v.enforcementLevel, v.severity, v.urn]).toEqual([
      "mandatory",
      "high",
      "urn:pulumi:test::test::aws:eks/cluster:Cluster::aws-cluster",
    ]);
    expect(await messages(eksPrivateEndpoint, [])).toEqual([]);
  });
});
