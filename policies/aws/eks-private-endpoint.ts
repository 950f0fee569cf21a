import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, describeAws, list } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisEks } from "../lib/frameworks";
import { record } from "../lib/pod-templates";
import { publicCidrProblems } from "../lib/shared-rules";

const FIX = "set vpcConfig.endpointPublicAccess to false, or list only your operators' networks in vpcConfig.publicAccessCidrs.";

/**
 * The EKS API server is the cluster's front door: reachable inside the VPC, and from the internet only from the admin
 * networks named. EKS's own defaults are the opposite (public on, from 0.0.0.0/0; private off).
 */
export const eksPrivateEndpoint: ResourceValidationPolicy = {
  name: "agentcloud-aws-eks-private-endpoint",
  description:
    `Every EKS cluster (${AWS_TYPES.cluster}) sets vpcConfig.endpointPrivateAccess to true and either sets ` +
    "vpcConfig.endpointPublicAccess to false or restricts the public endpoint to vpcConfig.publicAccessCidrs, none of " +
    "them 0.0.0.0/0 or ::/0 and not together every address. An unset endpointPublicAccess is EKS's default (public, " +
    "from 0.0.0.0/0 when publicAccessCidrs is empty).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisEks("5.4.2 Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled"),
  tags: ["cis-eks-1.7:5.4.1", "cis-eks-1.7:5.4.2"],
  remediationSteps:
    "Set vpcConfig.endpointPrivateAccess to true and vpcConfig.endpointPublicAccess to false (agentcloud's " +
    "EksAgentCluster does by default), and reach the API server from inside the VPC (a bastion, VPN or Direct Connect). " +
    "When admins need the public endpoint, set endpointPublicAccess to true with publicAccessCidrs listing their networks " +
    "(EksAgentCluster's endpointPublicAccessCidrs), never 0.0.0.0/0.",
  validateResource: (args, report) => {
    if (args.type !== AWS_TYPES.cluster) return args.notApplicable(`Policy only applies to EKS clusters (${AWS_TYPES.cluster})`);
    const who = describeAws("EKS cluster", args.name);
    const vpc = record(args.props.vpcConfig);
    if (vpc.endpointPrivateAccess !== true) {
      report(
        `${who} does not set vpcConfig.endpointPrivateAccess to true (EKS's default: off), so nodes reach the API server ` +
          "through its public endpoint; set it to true.",
      );
    }
    if (vpc.endpointPublicAccess === false) return;
    const state =
      vpc.endpointPublicAccess === undefined
        ? "leaves vpcConfig.endpointPublicAccess unset (EKS's default: on)"
        : "turns on vpcConfig.endpointPublicAccess";
    const cidrs = list(vpc.publicAccessCidrs);
    if (cidrs.length === 0) {
      report(
        `${who} ${state} with no vpcConfig.publicAccessCidrs, so the API server answers every address (EKS's default 0.0.0.0/0); ${FIX}`,
      );
      return;
    }
    const found = publicCidrProblems(cidrs);
    for (const i of found.invalid) report(`${who} ${state} and vpcConfig.publicAccessCidrs[${i}] is not a CIDR; ${FIX}`);
    for (const { index, cidr } of found.everything) {
      report(`${who} ${state} and vpcConfig.publicAccessCidrs[${index}] is ${cidr}, every address; ${FIX}`);
    }
    if (found.together !== undefined) {
      report(`${who} ${state} and vpcConfig.publicAccessCidrs together hold every address (${found.together.join(", ")}); ${FIX}`);
    }
  },
};
