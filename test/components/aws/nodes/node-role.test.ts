import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { nodeRole } from "../../../../components/aws/nodes/node-role";
import { record } from "../../../helpers/pulumi";

class Holder extends pulumi.ComponentResource {
  constructor(name: string, build: (parent: Holder) => void) {
    super("test:index:Holder", name, {}, {});
    build(this);
    this.registerOutputs({});
  }
}

describe("nodeRole", () => {
  it("trusts EC2 and attaches the worker, ECR pull-only and CNI policies", async () => {
    const rec = await record(() => {
      new Holder("h", (parent) => nodeRole("h-role", {}, { parent }));
    });
    const role = rec.named("h-role");
    expect(role.type).toBe("aws:iam/role:Role");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const attached = rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => [r.name, r.inputs.policyArn]);
    expect(attached).toEqual([
      ["h-role-AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"],
      ["h-role-AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"],
      ["h-role-AmazonEKS_CNI_Policy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ]);
  });

  it("leaves the CNI policy out when the VPC CNI has a role of its own", async () => {
    const rec = await record(() => {
      new Holder("h", (parent) => nodeRole("h-role", { cniPolicy: false }, { parent }));
    });
    expect(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs.policyArn)).toEqual([
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    ]);
  });
});
