import type { CloudContext } from "./mock-cloud";

/** The project when the stack sets no `gcp:project`. */
export const OFFLINE_GCP_PROJECT = "agentcloud-offline";
/** The project number every offline service agent names. */
export const OFFLINE_GCP_PROJECT_NUMBER = "123456789012";
/** The region when the stack sets no `gcp:region`. */
export const OFFLINE_GCP_REGION = "europe-west4";

const project = (c: CloudContext) => c.config["gcp:project"] ?? OFFLINE_GCP_PROJECT;
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Deterministic stand-ins for what Google Cloud computes, by resource type. */
export function gcpComputedOutputs(type: string, name: string, inputs: Record<string, unknown>, c: CloudContext): Record<string, unknown> {
  const p = text(inputs.project) ?? project(c);
  switch (type) {
    case "gcp:serviceaccount/account:Account": {
      const email = `${text(inputs.accountId) ?? name}@${p}.iam.gserviceaccount.com`;
      return { email, member: `serviceAccount:${email}`, name: `projects/${p}/serviceAccounts/${email}` };
    }
    case "gcp:container/cluster:Cluster":
      return {
        endpoint: "172.16.0.2",
        masterAuth: { ...(inputs.masterAuth as object), clusterCaCertificate: Buffer.from(`offline CA of ${name}`).toString("base64") },
        selfLink: `https://container.googleapis.com/v1/projects/${p}/locations/${text(inputs.location) ?? OFFLINE_GCP_REGION}/clusters/${text(inputs.name) ?? name}`,
      };
    case "gcp:compute/network:Network":
      return { selfLink: `https://www.googleapis.com/compute/v1/projects/${p}/global/networks/${text(inputs.name) ?? name}` };
    case "gcp:compute/subnetwork:Subnetwork": {
      const region = text(inputs.region) ?? c.config["gcp:region"] ?? OFFLINE_GCP_REGION;
      return { selfLink: `https://www.googleapis.com/compute/v1/projects/${p}/regions/${region}/subnetworks/${text(inputs.name) ?? name}` };
    }
    case "gcp:storage/bucket:Bucket":
      return { url: `gs://${text(inputs.name) ?? name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${text(inputs.name) ?? name}` };
    default:
      return {};
  }
}

/** Answers to the lookups GCP programs make before creating anything. */
export function gcpCallResult(token: string, inputs: Record<string, unknown>, c: CloudContext): Record<string, unknown> | undefined {
  const p = text(inputs.projectId) ?? text(inputs.project) ?? project(c);
  switch (token) {
    case "gcp:organizations/getProject:getProject":
      return { ...inputs, projectId: p, number: OFFLINE_GCP_PROJECT_NUMBER, name: p, id: `projects/${p}` };
    case "gcp:organizations/getClientConfig:getClientConfig":
      return { project: p, region: c.config["gcp:region"] ?? OFFLINE_GCP_REGION, zone: "", accessToken: "offline", id: p };
    case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": {
      const email = `service-${OFFLINE_GCP_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
      return { ...inputs, emailAddress: email, member: `serviceAccount:${email}`, project: p, id: email };
    }
    default:
      return undefined;
  }
}
