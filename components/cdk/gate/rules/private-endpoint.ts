import { publicCidrProblems } from "../../../../policies/lib/shared-rules";
import type { CfnTemplate, RuleFinding } from "../spec";
import { list, props, record, resourcesOf } from "../template";

const FIX =
  "set ResourcesVpcConfig.EndpointPublicAccess to false (aws-eks-v2: endpointAccess EndpointAccess.PRIVATE), or list only " +
  "your operators' networks in ResourcesVpcConfig.PublicAccessCidrs (EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...))";

/**
 * The EKS API server is reachable inside the VPC, and from the internet only from the networks named (the pack's
 * agentcloud-aws-eks-private-endpoint, on what aws-eks-v2 synthesises: an `AWS::EKS::Cluster`).
 */
export function privateEndpoint(template: CfnTemplate): RuleFinding[] {
  const found: RuleFinding[] = [];
  for (const { id, resource } of resourcesOf(template, "AWS::EKS::Cluster")) {
    const vpc = record(props(resource).ResourcesVpcConfig);
    const say = (problem: string, fix = FIX) => found.push({ logicalId: id, location: "Properties/ResourcesVpcConfig", problem, fix });
    if (vpc.EndpointPrivateAccess !== true) {
      say(
        "does not set ResourcesVpcConfig.EndpointPrivateAccess to true (EKS's default: off), so nodes reach the API server " +
          "through its public endpoint",
        "set it to true",
      );
    }
    if (vpc.EndpointPublicAccess === false) continue;
    const state =
      vpc.EndpointPublicAccess === undefined
        ? "leaves ResourcesVpcConfig.EndpointPublicAccess unset (EKS's default: on)"
        : "turns on ResourcesVpcConfig.EndpointPublicAccess";
    const cidrs = list(vpc.PublicAccessCidrs);
    if (cidrs.length === 0) {
      say(`${state} with no ResourcesVpcConfig.PublicAccessCidrs, so the API server answers every address (EKS's default 0.0.0.0/0)`);
      continue;
    }
    const problems = publicCidrProblems(cidrs);
    for (const i of problems.invalid) say(`${state} and ResourcesVpcConfig.PublicAccessCidrs[${i}] is not a CIDR`);
    for (const { index, cidr } of problems.everything) {
      say(`${state} and ResourcesVpcConfig.PublicAccessCidrs[${index}] is ${cidr}, every address`);
    }
    if (problems.together !== undefined) {
      say(`${state} and ResourcesVpcConfig.PublicAccessCidrs together hold every address (${problems.together.join(", ")})`);
    }
  }
  return found;
}
