import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, LAUNCH_TEMPLATE_NAME, describeAws, resourcesOf } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisAwsFoundations } from "../lib/frameworks";
import { shown } from "../lib/messages";
import { record, text } from "../lib/pod-templates";
import { metadataProblems as sharedMetadataProblems } from "../lib/shared-rules";

const SETTINGS = 'metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}';

/** What is wrong with a launch template's metadata options, as message fragments; empty when it is compliant. */
function metadataProblems(template: PolicyResource): string[] {
  const options = record(record(template.props).metadataOptions);
  return sharedMetadataProblems(
    { httpEndpoint: options.httpEndpoint, httpTokens: options.httpTokens, httpPutResponseHopLimit: options.httpPutResponseHopLimit },
    { httpTokens: "metadataOptions.httpTokens", httpPutResponseHopLimit: "metadataOptions.httpPutResponseHopLimit" },
  );
}

/**
 * A node's instance profile credentials are the node's, not an agent's: IMDSv2 (a session token from a PUT) stops
 * SSRF-style reads, and a hop limit of 1 stops the token's response from crossing into a pod's network namespace, so
 * pods cannot take the node role. Each managed node group must launch from a launch template that says so, found by
 * its name: ids are unknown in a real preview.
 */
export const nodeImdsv2: StackValidationPolicy = {
  name: "agentcloud-aws-node-imdsv2",
  description:
    `Every EC2 launch template (${AWS_TYPES.launchTemplate}) sets ${SETTINGS} (or turns the metadata service off with ` +
    `httpEndpoint "disabled"), and every EKS managed node group (${AWS_TYPES.nodeGroup}) launches from a launch template ` +
    "that it names in launchTemplate.name and that this stack defines with that name and those options.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisAwsFoundations("5.6 Ensure that EC2 Metadata Service only allows IMDSv2"),
  tags: ["cis-aws-3.0:5.6", "owasp-agentic-top10:ASI03"],
  remediationSteps:
    `Give each node group a launch template with an explicit name and ${SETTINGS} (agentcloud's nodeLaunchTemplate ` +
    "does), and reference it from the node group as launchTemplate: {name: template.name, version: " +
    "template.latestVersion}. Agents that need AWS access get their own role through IRSA or EKS Pod Identity, never the node's.",
  validateStack: (args, report) => {
    const templates = resourcesOf(args.resources, AWS_TYPES.launchTemplate);
    const groups = resourcesOf(args.resources, AWS_TYPES.nodeGroup);
    if (templates.length === 0 && groups.length === 0) {
      return args.notApplicable("No EC2 launch template and no EKS managed node group in the stack");
    }
    for (const template of templates) {
      for (const problem of metadataProblems(template)) {
        report(`${describeAws("Launch template", template.name)} ${problem}; set ${SETTINGS}.`, template.urn);
      }
    }
    for (const group of groups) {
      const who = describeAws("EKS node group", group.name);
      const reference = record(record(group.props).launchTemplate);
      const name = text(reference.name);
      if (name === undefined) {
        report(
          text(reference.id) !== undefined
            ? `${who} names its launch template by launchTemplate.id only, which a preview does not know; reference it by ` +
                "launchTemplate.name so its metadata options can be checked."
            : `${who} uses no launch template, so its nodes get EKS's default metadata options; launch it from a template ` +
                `with ${SETTINGS}, referenced by launchTemplate.name.`,
          group.urn,
        );
        continue;
      }
      const named = templates.filter((t) => record(t.props).name === name);
      if (named.length === 0) {
        report(
          `${who} launches from launch template ${shown(name, LAUNCH_TEMPLATE_NAME, "named in launchTemplate.name")}, ` +
            `which no ${AWS_TYPES.launchTemplate} in the stack is named; define it here with ${SETTINGS}.`,
          group.urn,
        );
        continue;
      }
      for (const template of named.filter((t) => metadataProblems(t).length > 0)) {
        report(
          `${who} launches from ${describeAws("launch template", template.name)}, which does not require IMDSv2 with hop ` +
            `limit 1; set ${SETTINGS} on it.`,
          group.urn,
        );
      }
    }
  },
};
