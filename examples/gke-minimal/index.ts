// The smallest agentcloud on GKE: copy this folder, set the config, `pulumi up --policy-pack <agentcloud>/policies`.
// A VPC (one subnet, Cloud NAT), a private GKE cluster with Dataplane V2 as the network fabric, one GKE Sandbox
// (gVisor) node, and one agent whose GCP permission is bound to its Kubernetes ServiceAccount by Workload Identity
// Federation. In your project `npm install agentcloud`; here "agentcloud" maps to the sources (tsconfig.json `paths`).
import * as organizations from "@pulumi/gcp/organizations";
import * as pulumi from "@pulumi/pulumi";
import { AgentCloud, type AgentDeclaration } from "agentcloud";
import {
  AgentVpcNetwork,
  GcpAuditShipping,
  GcsAuditBucket,
  gcpFleetIdentities,
  gcpIdentityBinding,
  GkeAgentCluster,
  gkePlatform,
  GkeSandboxNodePool,
} from "agentcloud/gcp";

const config = new pulumi.Config();
const gcp = new pulumi.Config("gcp");
const project = gcp.require("project");
const region = gcp.require("region");

// The agent: gVisor, read access to one bucket (nothing else in GCP), egress to its help desk only.
const agents: Record<string, AgentDeclaration> = {
  "support-agent": {
    namespace: "support",
    image: config.require("image"),
    sandbox: "gvisor",
    resources: { cpu: "250m", memory: "512Mi" },
    egress: ["acme.zendesk.com"],
    cloudPermissions: [
      {
        cloud: "gcp",
        actions: ["roles/storage.objectViewer"],
        resources: [`//storage.googleapis.com/projects/_/buckets/${config.require("bucket")}`],
      },
    ],
  },
};

// The audit pipeline needs the project number as a plain value, so the program is async; it returns the stack outputs.
async function main() {
  const vpc = new AgentVpcNetwork("agents", { project, region });
  const cluster = new GkeAgentCluster("agents", {
    project,
    location: region,
    network: { network: vpc.networkName, subnetwork: vpc.subnetworkName },
    masterAuthorizedNetworks: [{ cidrBlock: config.require("adminCidr"), displayName: "admin" }],
    systemPool: { machineType: "e2-standard-2", maxNodes: 1 },
  });
  const sandbox = new GkeSandboxNodePool("agents-sandbox", {
    cluster: cluster.clusterName,
    location: region,
    project,
    serviceAccount: cluster.nodeServiceAccountEmail,
    pool: "sandbox",
    autoscaling: { minNodes: 1, maxNodes: 2 },
  });
  const { number: projectNumber } = await organizations.getProject({ projectId: project });
  gcpFleetIdentities("agents-identity", { project, projectNumber, agents });
  // The locked audit bucket, and the pipeline that ships the gateway's access log and the cluster's audit logs into it.
  const audit = new GcsAuditBucket("agents-audit", { project, location: region });
  const shipping = new GcpAuditShipping("agents-audit-shipping", {
    project,
    projectNumber,
    clusterName: "agents",
    location: region,
    workloadPool: `${project}.svc.id.goog`,
    bucketName: audit.bucketName,
    keyRing: audit.keyRingId,
  });

  const cloud = new AgentCloud(
    "agentcloud",
    {
      platform: gkePlatform({
        provider: cluster.provider,
        cluster: cluster.ref,
        fabric: cluster.fabric,
        apiServer: cluster.apiServer,
        identity: gcpIdentityBinding({ project }),
      }),
      tenants: { support: { owner: "support-team", costCentre: "cc-4242" } },
      agents,
      audit: shipping.fleetAudit,
    },
    { dependsOn: [sandbox] },
  );
  return {
    clusterName: cluster.clusterName,
    // Private: `gcloud container clusters get-credentials agents --region <region> --internal-ip` from the admin network.
    endpoint: cluster.endpoint,
    auditBucket: audit.bucketName,
    serviceAccount: cloud.agents.apply((a) => a["support-agent"].serviceAccount),
    networkFabricKind: cloud.networkFabric.apply((fabric) => fabric.kind),
  };
}

export = main();
