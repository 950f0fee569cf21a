import { describe, expect, it } from "vitest";
import { nodeImdsv2 } from "../../../policies/aws/node-imdsv2";
import { messages, violations } from "../helpers";
import { compliantAws, launchTemplate, nodeGroup } from "./objects";

const SETTINGS = 'metadataOptions {httpTokens: "required", httpPutResponseHopLimit: 1}';

describe("agentcloud-aws-node-imdsv2", () => {
  it("passes node groups launched from templates that require IMDSv2 with hop limit 1, or turn IMDS off", async () => {
    expect(await messages(nodeImdsv2, compliantAws())).toEqual([]);
    const off = launchTemplate("no-imds", (i) => (i.metadataOptions = { httpEndpoint: "disabled" }));
    expect(await messages(nodeImdsv2, [off, nodeGroup("quiet", "no-imds")])).toEqual([]);
  });

  it("reports a template that accepts IMDSv1 or lets pods reach the metadata service, and each node group using it", async () => {
    const open = launchTemplate("open", (i) => (i.metadataOptions = { httpTokens: "optional", httpPutResponseHopLimit: 2 }));
    expect(await messages(nodeImdsv2, [open, nodeGroup("workers", "open")])).toEqual([
      `Launch template "open-res" sets metadataOptions.httpPutResponseHopLimit to 2, which lets pods reach the node's credentials; set ${SETTINGS}.`,
      `Launch template "open-res" sets metadataOptions.httpTokens to "optional", which accepts IMDSv1; set ${SETTINGS}.`,
      'EKS node group "workers" launches from launch template "open-res", which does not require IMDSv2 with hop limit 1; ' +
        `set ${SETTINGS} on it.`,
    ]);
    const unset = launchTemplate("bare", (i) => delete i.metadataOptions);
    expect(await messages(nodeImdsv2, [unset])).toEqual([
      'Launch template "bare-res" leaves metadataOptions.httpPutResponseHopLimit unset (the AMI decides; AMIs that require IMDSv2 set 2, ' +
        `which lets pods reach the node's credentials); set ${SETTINGS}.`,
      'Launch template "bare-res" leaves metadataOptions.httpTokens unset (the AMI decides; EC2\'s default "optional" accepts ' +
        `IMDSv1); set ${SETTINGS}.`,
    ]);
    const odd = launchTemplate("odd", (i) => (i.metadataOptions = { httpTokens: "CANARY", httpPutResponseHopLimit: "1" }));
    expect(await messages(nodeImdsv2, [odd])).toEqual([
      'Launch template "odd-res" sets metadataOptions.httpPutResponseHopLimit to a value other than 1, which lets pods reach ' +
        `the node's credentials; set ${SETTINGS}.`,
      `Launch template "odd-res" sets metadataOptions.httpTokens to a value other than "required", which accepts IMDSv1; set ${SETTINGS}.`,
    ]);
  });

  it("reports node groups whose template cannot be checked: none, by id only, or not in the stack", async () => {
    const byId = nodeGroup("by-id", undefined, (i) => (i.launchTemplate = { id: "lt-0123", version: "1" }));
    expect(await messages(nodeImdsv2, [nodeGroup("default", undefined), byId, nodeGroup("elsewhere", "shared-nodes")])).toEqual([
      'EKS node group "by-id" names its launch template by launchTemplate.id only, which a preview does not know; reference ' +
        "it by launchTemplate.name so its metadata options can be checked.",
      'EKS node group "default" uses no launch template, so its nodes get EKS\'s default metadata options; launch it from a ' +
        `template with ${SETTINGS}, referenced by launchTemplate.name.`,
      'EKS node group "elsewhere" launches from launch template "shared-nodes", which no aws:ec2/launchTemplate:LaunchTemplate ' +
        `in the stack is named; define it here with ${SETTINGS}.`,
    ]);
    const [v] = await violations([nodeImdsv2], [byId]);
    expect([v.enforcementLevel, v.severity, v.urn]).toEqual([
      "mandatory",
      "high",
      "urn:pulumi:test::test::aws:eks/nodeGroup:NodeGroup::by-id",
    ]);
  });
});
