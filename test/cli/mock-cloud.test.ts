import * as aws from "@pulumi/aws";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as gcp from "@pulumi/gcp";
import * as compute from "@pulumi/gcp/compute";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { OFFLINE_AWS_ACCOUNT } from "../../cli/mock-cloud-aws";
import { OFFLINE_GCP_PROJECT_NUMBER } from "../../cli/mock-cloud-gcp";
import { runUnderMocks } from "../../cli/mock-runtime";

describe("offline cloud outputs", () => {
  it("answers AWS lookups and computes ARNs, the EKS issuer and endpoint, launch template versions from names and aws:region", async () => {
    const { outputs, registrations } = await runUnderMocks(
      { project: "proj", stack: "aws", config: { "aws:region": "us-east-2" } },
      async () => {
        const identity = await aws.getCallerIdentity();
        const zones = await aws.getAvailabilityZones({ state: "available" });
        const cluster = new eks.Cluster("c", { roleArn: "arn:aws:iam::1:role/r", vpcConfig: { subnetIds: ["s"] } });
        const role = new iam.Role("r", { name: "agent-role", assumeRolePolicy: "{}" });
        const template = new ec2.LaunchTemplate("lt", { name: "nodes" });
        return {
          account: identity.accountId,
          zones: zones.names,
          issuer: cluster.identities.apply((i) => i[0].oidcs?.[0].issuer),
          endpoint: cluster.endpoint,
          roleArn: role.arn,
          templateVersion: template.latestVersion,
          templateArn: template.arn,
        };
      },
    );
    expect(outputs).toEqual({
      account: OFFLINE_AWS_ACCOUNT,
      zones: ["us-east-2a", "us-east-2b", "us-east-2c"],
      issuer: expect.stringMatching(/^https:\/\/oidc\.eks\.us-east-2\.amazonaws\.com\/id\/[0-9A-F]{32}$/),
      endpoint: expect.stringMatching(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-2\.eks\.amazonaws\.com$/),
      roleArn: `arn:aws:iam::${OFFLINE_AWS_ACCOUNT}:role/agent-role`,
      // Node groups pin a launch template's version: a new template's is 1.
      templateVersion: 1,
      templateArn: expect.stringMatching(new RegExp(`^arn:aws:ec2:us-east-2:${OFFLINE_AWS_ACCOUNT}:launch-template/lt-[0-9a-f]{17}$`)),
    });
    // Policies judge inputs: the computed outputs are not recorded as inputs.
    expect(registrations.find((r) => r.name === "c")!.inputs).not.toHaveProperty("endpoint");
  });

  it("answers GCP lookups and computes service account e-mail addresses and network self links from gcp:project", async () => {
    const config = { "gcp:project": "acme-agents", "gcp:region": "us-central1" };
    const { outputs, registrations } = await runUnderMocks({ project: "proj", stack: "gcp", config }, async () => {
      const project = await gcp.organizations.getProject({});
      const sa = new serviceaccount.Account("nodes", { accountId: "gke-nodes" });
      const network = new compute.Network("vpc", { name: "agents", autoCreateSubnetworks: false });
      const subnet = new compute.Subnetwork("subnet", {
        name: "agents-eu",
        region: "europe-west4",
        network: network.id,
        ipCidrRange: "10.0.0.0/20",
      });
      const regional = new compute.Subnetwork("default-region", { name: "agents-us", network: network.id, ipCidrRange: "10.1.0.0/20" });
      return {
        number: project.number,
        email: sa.email,
        member: pulumi.interpolate`${sa.member}`,
        network: network.selfLink,
        subnet: subnet.selfLink,
        regional: regional.selfLink,
      };
    });
    expect(outputs).toEqual({
      number: OFFLINE_GCP_PROJECT_NUMBER,
      email: "gke-nodes@acme-agents.iam.gserviceaccount.com",
      member: "serviceAccount:gke-nodes@acme-agents.iam.gserviceaccount.com",
      network: "https://www.googleapis.com/compute/v1/projects/acme-agents/global/networks/agents",
      subnet: "https://www.googleapis.com/compute/v1/projects/acme-agents/regions/europe-west4/subnetworks/agents-eu",
      regional: "https://www.googleapis.com/compute/v1/projects/acme-agents/regions/us-central1/subnetworks/agents-us",
    });
    expect(registrations.find((r) => r.name === "vpc")!.inputs).not.toHaveProperty("selfLink");
  });
});
