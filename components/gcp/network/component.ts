import * as compute from "@pulumi/gcp/compute";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { SECONDARY_RANGE_NAMES, VPC_DEFAULTS, type AgentVpcNetworkArgs } from "./spec";
import { validateAgentVpcNetworkArgs } from "./validate";

export type { AgentVpcNetworkArgs } from "./spec";

/**
 * The GCP network of an agent cloud (named `AgentVpcNetwork`, since `AgentNetwork` is the Kubernetes network
 * component): a custom-mode VPC with one regional subnet for the GKE cluster, with secondary ranges for Pods and
 * Services, Private Google Access, VPC flow logs on, and a Cloud Router with Cloud NAT only when `egress` is `nat`.
 */
export class AgentVpcNetwork extends pulumi.ComponentResource {
  /** Name of the VPC network. */
  readonly networkName: pulumi.Output<string>;
  /** Self link of the VPC network. */
  readonly networkSelfLink: pulumi.Output<string>;
  /** Name of the subnet. */
  readonly subnetworkName: pulumi.Output<string>;
  /** Self link of the subnet. */
  readonly subnetworkSelfLink: pulumi.Output<string>;
  /** Region of the subnet. */
  readonly region: pulumi.Output<string>;
  /** Name of the Pods' secondary range (`pods`). */
  readonly podsRangeName: pulumi.Output<string>;
  /** Name of the Services' secondary range (`services`). */
  readonly servicesRangeName: pulumi.Output<string>;
  /** The subnet's primary range (the nodes). */
  readonly subnetCidr: pulumi.Output<string>;
  /** Whether the subnet has Cloud NAT. */
  readonly natEnabled: pulumi.Output<boolean>;

  constructor(name: string, args: AgentVpcNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`AgentVpcNetwork "${name}"`, validateAgentVpcNetworkArgs(args));
    super("agentcloud:gcp:AgentVpcNetwork", name, {}, opts);
    const networkName = args.networkName ?? name;
    const project = args.project !== undefined ? { project: args.project } : {};
    const subnetCidr = args.subnetCidr ?? VPC_DEFAULTS.subnetCidr;
    const egress = args.egress ?? VPC_DEFAULTS.egress;

    const network = new compute.Network(
      `${name}-vpc`,
      {
        ...project,
        name: networkName,
        description: "agentcloud: custom-mode VPC of the agent cluster",
        autoCreateSubnetworks: false,
        routingMode: "REGIONAL",
      },
      { parent: this },
    );
    const subnet = new compute.Subnetwork(
      `${name}-subnet`,
      {
        ...project,
        name: `${networkName}-${args.region}`,
        region: args.region,
        network: network.id,
        ipCidrRange: subnetCidr,
        // Nodes have no external addresses; Google APIs (Artifact Registry, logging, KMS) are reached privately.
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: SECONDARY_RANGE_NAMES.pods, ipCidrRange: args.podsCidr ?? VPC_DEFAULTS.podsCidr },
          { rangeName: SECONDARY_RANGE_NAMES.services, ipCidrRange: args.servicesCidr ?? VPC_DEFAULTS.servicesCidr },
        ],
        logConfig: {
          aggregationInterval: "INTERVAL_5_SEC",
          flowSampling: args.flowLogSampling ?? VPC_DEFAULTS.flowLogSampling,
          metadata: "INCLUDE_ALL_METADATA",
        },
      },
      { parent: this },
    );
    if (egress === "nat") {
      const router = new compute.Router(
        `${name}-router`,
        { ...project, name: `${networkName}-router`, region: args.region, network: network.id },
        { parent: this },
      );
      new compute.RouterNat(
        `${name}-nat`,
        {
          ...project,
          name: `${networkName}-nat`,
          router: router.name,
          region: args.region,
          natIpAllocateOption: "AUTO_ONLY",
          sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
          subnetworks: [{ name: subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
          logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        { parent: this },
      );
    }

    this.networkName = network.name;
    this.networkSelfLink = network.selfLink;
    this.subnetworkName = subnet.name;
    this.subnetworkSelfLink = subnet.selfLink;
    this.region = subnet.region;
    this.podsRangeName = pulumi.output(SECONDARY_RANGE_NAMES.pods);
    this.servicesRangeName = pulumi.output(SECONDARY_RANGE_NAMES.services);
    this.subnetCidr = subnet.ipCidrRange;
    this.natEnabled = pulumi.output(egress === "nat");
    this.registerOutputs({
      networkName: this.networkName,
      networkSelfLink: this.networkSelfLink,
      subnetworkName: this.subnetworkName,
      subnetworkSelfLink: this.subnetworkSelfLink,
      region: this.region,
      podsRangeName: this.podsRangeName,
      servicesRangeName: this.servicesRangeName,
      subnetCidr: this.subnetCidr,
      natEnabled: this.natEnabled,
    });
  }
}
