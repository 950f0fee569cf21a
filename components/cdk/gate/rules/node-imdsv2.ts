import { metadataProblems } from "../../../../policies/lib/shared-rules";
import type { CfnTemplate, RuleFinding } from "../spec";
import { props, record, refOf, resourcesOf } from "../template";

const SETTINGS = 'LaunchTemplateData.MetadataOptions {HttpTokens: "required", HttpPutResponseHopLimit: 1}';
const NAMES = {
  httpTokens: "LaunchTemplateData.MetadataOptions.HttpTokens",
  httpPutResponseHopLimit: "LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit",
};

/**
 * A node's instance credentials are the node's, not an agent's: each managed node group launches from a launch
 * template in the stack that requires IMDSv2 with hop limit 1, so pods cannot take the node role (the pack's
 * agentcloud-aws-node-imdsv2, whose verdict on the metadata options this shares).
 */
export function nodeImdsv2(template: CfnTemplate): RuleFinding[] {
  const found: RuleFinding[] = [];
  const templates = resourcesOf(template, "AWS::EC2::LaunchTemplate");
  for (const { id, resource } of resourcesOf(template, "AWS::EKS::Nodegroup")) {
    const reference = record(props(resource).LaunchTemplate);
    const say = (problem: string, fix: string) => found.push({ logicalId: id, location: "Properties/LaunchTemplate", problem, fix });
    const byId = refOf(reference.Id);
    const name = reference.Name;
    const used = templates.filter(
      (t) => (byId !== undefined && t.id === byId) || (typeof name === "string" && props(t.resource).LaunchTemplateName === name),
    );
    if (used.length === 0) {
      say(
        reference.Id === undefined && reference.Name === undefined
          ? "uses no launch template, so its nodes get EKS's default metadata options (hop limit 2: pods reach the node's credentials)"
          : "launches from a launch template that is not an AWS::EC2::LaunchTemplate of this stack, so its metadata options cannot be checked",
        `launch it from an AWS::EC2::LaunchTemplate of this stack with ${SETTINGS}, referenced by LaunchTemplate.Id (aws-eks-v2: launchTemplateSpec {id: template.ref})`,
      );
      continue;
    }
    for (const t of used) {
      const options = record(record(props(t.resource).LaunchTemplateData).MetadataOptions);
      const problems = metadataProblems(
        { httpEndpoint: options.HttpEndpoint, httpTokens: options.HttpTokens, httpPutResponseHopLimit: options.HttpPutResponseHopLimit },
        NAMES,
      );
      for (const problem of problems) {
        found.push({ logicalId: t.id, location: "Properties/LaunchTemplateData/MetadataOptions", problem, fix: `set ${SETTINGS}` });
      }
    }
  }
  return found;
}
