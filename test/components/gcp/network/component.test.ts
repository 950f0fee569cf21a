import { describe, expect, it } from "vitest";
import { AgentVpcNetwork, validateAgentVpcNetworkArgs } from "../../../../components/gcp/network";
import { record, recordRejection } from "../../../helpers/pulumi";

describe("AgentVpcNetwork", () => {
  it("creates a custom-mode VPC, a subnet with pods and services ranges, Private Google Access, flow logs and Cloud NAT", async () => {
    const rec = await record(() => {
      new AgentVpcNetwork("agents", { region: "europe-west4", project: "acme-agents" });
    });
    expect(rec.named("agents").type).toBe("agentcloud:gcp:AgentVpcNetwork");
    expect(rec.named("agents-vpc").inputs).toEqual({
      project: "acme-agents",
      name: "agents",
      description: "agentcloud: custom-mode VPC of the agent cluster",
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    });
    const subnet = rec.named("agents-subnet");
    expect(subnet.type).toBe("gcp:compute/subnetwork:Subnetwork");
    expect(subnet.inputs).toEqual({
      project: "acme-agents",
      name: "agents-europe-west4",
      region: "europe-west4",
      network: "agents-vpc-id",
      ipCidrRange: "10.10.0.0/20",
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: "pods", ipCidrRange: "10.16.0.0/14" },
        { rangeName: "services", ipCidrRange: "10.20.0.0/20" },
      ],
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(rec.named("agents-router").inputs).toEqual({
      project: "acme-agents",
      name: "agents-router",
      region: "europe-west4",
      network: "agents-vpc-id",
    });
    expect(rec.named("agents-nat").type).toBe("gcp:compute/routerNat:RouterNat");
    expect(rec.named("agents-nat").inputs).toEqual({
      project: "acme-agents",
      name: "agents-nat",
      router: "agents-router",
      region: "europe-west4",
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetworks: [{ name: "agents-subnet-id", sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    for (const child of ["agents-vpc", "agents-subnet", "agents-router", "agents-nat"])
      expect(rec.named(child).parent).toContain("AgentVpcNetwork::agents");
  });

  it("has no Cloud NAT when egress is none, and takes its ranges and sampling", async () => {
    const rec = await record(() => {
      new AgentVpcNetwork("v", {
        region: "us-central1",
        networkName: "private-agents",
        egress: "none",
        subnetCidr: "192.168.0.0/24",
        podsCidr: "10.64.0.0/16",
        servicesCidr: "10.96.0.0/22",
        flowLogSampling: 1,
      });
    });
    expect(rec.ofType("gcp:compute/router:Router")).toEqual([]);
    expect(rec.ofType("gcp:compute/routerNat:RouterNat")).toEqual([]);
    expect(rec.named("v-subnet").inputs).toMatchObject({
      name: "private-agents-us-central1",
      ipCidrRange: "192.168.0.0/24",
      secondaryIpRanges: [
        { rangeName: "pods", ipCidrRange: "10.64.0.0/16" },
        { rangeName: "services", ipCidrRange: "10.96.0.0/22" },
      ],
      logConfig: { flowSampling: 1 },
    });
  });

  it("rejects overlapping secondary ranges before creating anything", async () => {
    const { error, rec } = await recordRejection(() => {
      new AgentVpcNetwork("v", { region: "europe-west4", subnetCidr: "10.16.0.0/20", servicesCidr: "10.17.0.0/20" });
    });
    expect((error as Error).message).toBe(
      'AgentVpcNetwork "v" has 2 invalid arguments:\n' +
        '  - podsCidr: overlaps subnetCidr (10.16.0.0/20); a subnet\'s primary and secondary ranges must be disjoint (got "10.16.0.0/14"); fix: pick a range outside 10.16.0.0/20\n' +
        '  - servicesCidr: overlaps podsCidr (10.16.0.0/14); a subnet\'s primary and secondary ranges must be disjoint (got "10.17.0.0/20"); fix: pick a range outside 10.16.0.0/14',
    );
    expect(rec.registrations).toEqual([]);
  });
});

describe("validateAgentVpcNetworkArgs", () => {
  it("accepts the defaults", () => {
    expect(validateAgentVpcNetworkArgs({ region: "europe-west4" })).toEqual([]);
  });

  it("reports every problem at once", () => {
    expect(
      validateAgentVpcNetworkArgs({
        region: "Europe",
        project: "X",
        networkName: "Agents",
        subnetCidr: "10.10.0.1/20",
        podsCidr: "10.0.0.0/8",
        servicesCidr: "fd00::/64",
        egress: "internet",
        flowLogSampling: 0,
        zone: "a",
      }),
    ).toEqual([
      {
        argument: "zone",
        value: "a",
        problem: "is not an argument of AgentVpcNetwork",
        fix: "use only project, region, networkName, subnetCidr, podsCidr, servicesCidr, egress, flowLogSampling",
      },
      { argument: "region", value: "Europe", problem: "must be a GCP region", fix: 'use a region like "europe-west4"' },
      { argument: "project", value: "X", problem: "must be a GCP project id", fix: 'use an id like "my-project-123"' },
      {
        argument: "networkName",
        value: "Agents",
        problem:
          "must be a GCP resource name: a lower-case letter, then lower-case letters, digits or -, at most 63 characters, not ending in -",
        fix: 'use a name like "agentcloud"',
      },
      { argument: "subnetCidr", value: "10.10.0.1/20", problem: "has host bits set", fix: 'use "10.10.0.0/20"' },
      { argument: "podsCidr", value: "10.0.0.0/8", problem: "must have a prefix from /9 to /24", fix: "use a /9 to /24 range" },
      { argument: "servicesCidr", value: "fd00::/64", problem: "must be an IPv4 CIDR", fix: 'use a range like "10.10.0.0/20"' },
      {
        argument: "podsCidr",
        value: "10.0.0.0/8",
        problem: "overlaps subnetCidr (10.10.0.1/20); a subnet's primary and secondary ranges must be disjoint",
        fix: "pick a range outside 10.10.0.1/20",
      },
      { argument: "egress", value: "internet", problem: 'must be one of "nat", "none"', fix: "set egress to one of those" },
      {
        argument: "flowLogSampling",
        value: 0,
        problem: "must be more than 0 and at most 1 (flow logs stay on)",
        fix: "use a share like 0.5",
      },
    ]);
  });
});
