import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { AgentCloud } from "../../../../components/blueprint/component";
import { GKE_NO_KATA_REASON, gkePlatform, gkeTokenIssuer, IN_CLUSTER_JWKS_URL } from "../../../../components/gcp/cluster";
import { clusterDns, PLATFORM_DNS } from "../../../../components/kubernetes/network/cluster-endpoints";
import { dataplaneV2Fabric } from "../../../../components/kubernetes/network/dataplane-v2";
import { ciliumFabric, networkPolicyOnlyFabric } from "../../../../components/kubernetes/network/fabrics";
import { record, recordRejection } from "../../../helpers/pulumi";

const REF = { project: "acme-agents", location: "europe-west4", clusterName: "agentcloud" };
const ISSUER = "https://container.googleapis.com/v1/projects/acme-agents/locations/europe-west4/clusters/agentcloud";
const API_SERVER = { cidrs: ["172.16.0.0/28"], ports: [443] };

describe("gkePlatform", () => {
  it("offers GKE Sandbox's gvisor class, no Kata, GKE's DNS, the control plane by address and the cluster's issuer", async () => {
    await record(() => {
      const provider = new k8s.Provider("gke", {});
      const fabric = dataplaneV2Fabric();
      const platform = gkePlatform({ provider, cluster: REF, fabric, apiServer: API_SERVER });
      expect(platform).toEqual({
        provider,
        name: "gke",
        runtimeClasses: ["gvisor"],
        unavailableRuntimes: { "kata-qemu": GKE_NO_KATA_REASON, "kata-clh": GKE_NO_KATA_REASON, "kata-fc": GKE_NO_KATA_REASON },
        network: fabric,
        dns: clusterDns(PLATFORM_DNS.gke),
        apiServer: API_SERVER,
        tokenIssuer: gkeTokenIssuer(REF, fabric),
      });
    });
  });

  it("reads the issuer's keys from Google when the gateway can reach hosts by name, else from the API server", () => {
    expect(gkeTokenIssuer(REF, ciliumFabric())).toEqual({ issuer: ISSUER, jwks: { url: `${ISSUER}/jwks` } });
    expect(gkeTokenIssuer(REF, networkPolicyOnlyFabric({ unsafeNetworkPolicyOnly: { reason: "test" } }))).toEqual({
      issuer: ISSUER,
      jwks: { url: IN_CLUSTER_JWKS_URL },
    });
    expect(IN_CLUSTER_JWKS_URL).toBe("https://kubernetes.default.svc.cluster.local/openid/v1/jwks");
  });

  it("rejects an agent asking for Kata on GKE, with the reason, before creating anything", async () => {
    const { error, rec } = await recordRejection(() => {
      const provider = new k8s.Provider("gke", {});
      new AgentCloud("fleet", {
        platform: gkePlatform({ provider, cluster: REF, fabric: dataplaneV2Fabric(), apiServer: API_SERVER }),
        tenants: { agents: { owner: "platform-team", costCentre: "platform" } },
        agents: { vault: { namespace: "agents", image: "ghcr.io/acme/vault:1", sandbox: "kata-qemu" } },
        observability: false,
      });
    });
    expect((error as Error).message).toBe(
      'AgentCloud "fleet" has 1 invalid argument:\n' +
        `  - agents.vault.sandbox: is not offered on platform gke: ${GKE_NO_KATA_REASON} (got "kata-qemu"); fix: use one of "gvisor"`,
    );
    expect(rec.registrations.map((r) => r.type)).toEqual(["pulumi:providers:kubernetes"]);
  });
});
