import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { AgentCloud } from "../../../../components/blueprint/component";
import { gatewayReachesHosts, gkePlatform } from "../../../../components/gcp/cluster/platform";
import { gcpFleetIdentities, gcpIdentityBinding } from "../../../../components/gcp/identity";
import { dataplaneV2Fabric } from "../../../../components/kubernetes/network/dataplane-v2";
import { REFERENCE_GCS_CORPUS, referenceFleet } from "../../../../stacks/agents";
import { record } from "../../../helpers/pulumi";

const PROJECT = "acme-agents";

const FABRIC = dataplaneV2Fabric();

/** The reference fleet as the gcp stack makes it, research-assistant reading the corpus bucket (the reference permission). */
function fleet() {
  const reference = referenceFleet({ remoteTools: gatewayReachesHosts(FABRIC) });
  const assistant = reference.agents["research-assistant"];
  return {
    ...reference,
    agents: {
      ...reference.agents,
      "research-assistant": {
        ...assistant,
        cloudPermissions: [{ cloud: "gcp" as const, actions: ["roles/storage.objectViewer"], resources: [REFERENCE_GCS_CORPUS] }],
      },
    },
  };
}

describe("Workload Identity Federation for the reference fleet on GKE Dataplane V2", () => {
  it("binds research-assistant's principal on the bucket, lets it (only) reach the metadata server and storage.googleapis.com", async () => {
    const rec = await record(() => {
      const declared = fleet();
      gcpFleetIdentities("gcp", { project: PROJECT, projectNumber: "123456789012", agents: declared.agents });
      new AgentCloud("agentcloud", {
        ...declared,
        platform: gkePlatform({
          provider: new k8s.Provider("gke", {}),
          cluster: { project: PROJECT, location: "europe-west4", clusterName: "agentcloud" },
          fabric: FABRIC,
          apiServer: { cidrs: ["172.16.0.0/28"], ports: [443] },
          identity: gcpIdentityBinding({ project: PROJECT }),
        }),
        observability: false,
      });
    });
    expect(rec.ofType("gcp:storage/bucketIAMMember:BucketIAMMember").map((r) => r.inputs)).toEqual([
      {
        bucket: "agentcloud-research-corpus",
        role: "roles/storage.objectViewer",
        member:
          "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-agents.svc.id.goog/subject/ns/agents/sa/research-assistant",
      },
    ]);
    // Nothing project-wide, no Google service account.
    expect(rec.ofType("gcp:projects/iAMMember:IAMMember")).toEqual([]);
    expect(rec.ofType("gcp:serviceaccount/account:Account")).toEqual([]);
    const metadataRule = { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] };
    const policy = (name: string) => rec.kind("NetworkPolicy").find((n) => n.metadata.name === name) as any;
    expect(policy("research-assistant").spec.egress).toContainEqual(metadataRule);
    for (const other of ["memory-keeper", "code-interpreter"]) expect(policy(other).spec.egress).not.toContainEqual(metadataRule);
    const fqdn = rec.kind("FQDNNetworkPolicy").find((p) => p.metadata.name === "research-assistant") as any;
    expect(fqdn.spec.egress).toEqual([
      { matches: [{ name: "api.github.com" }], ports: [{ port: 443, protocol: "TCP" }] },
      { matches: [{ name: "storage.googleapis.com" }], ports: [{ port: 443, protocol: "TCP" }] },
    ]);
    // The ServiceAccount needs no annotation: the principal is bound directly.
    const account = rec.kind("ServiceAccount").find((a) => a.metadata.name === "research-assistant");
    expect(account?.metadata.annotations).toBeUndefined();
  });
});
