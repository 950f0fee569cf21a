import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../cli/policy-harness";
import { privateCluster } from "../../../policies/gcp/private-cluster";
import { messages, violations } from "../helpers";
import { auditBucket, gkeCluster, gkeStack, nodePool } from "./objects";

const CLUSTER = 'GKE cluster "agents"';

describe("agentcloud-gcp-private-cluster", () => {
  it("passes agentcloud's cluster and pools, and a cluster whose IP endpoints are off", async () => {
    const dnsOnly = gkeCluster((c) => {
      c.privateClusterConfig!.enablePrivateEndpoint = false;
      c.controlPlaneEndpointsConfig = { ipEndpointsConfig: { enabled: false }, dnsEndpointConfig: { allowExternalTraffic: false } };
    }, "dns-only");
    expect(await messages(privateCluster, [...gkeStack(), dnsOnly])).toEqual([]);
  });

  it("flags a public cluster: public nodes, a public endpoint, no authorised networks", async () => {
    const found = await violations(
      [privateCluster],
      [
        gkeCluster((c) => {
          delete c.privateClusterConfig;
          delete c.masterAuthorizedNetworksConfig;
        }),
      ],
    );
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual([
      [
        `${CLUSTER} does not set masterAuthorizedNetworksConfig, so any address that reaches the control plane may call ` +
          "the Kubernetes API; set masterAuthorizedNetworksConfig.cidrBlocks to the networks administrators use.",
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
      [
        `${CLUSTER} does not set privateClusterConfig.enablePrivateEndpoint to true, so the Kubernetes API has a public ` +
          "endpoint; set it to true and reach the API from inside the VPC.",
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
      [
        `${CLUSTER} does not set privateClusterConfig.enablePrivateNodes to true, so its nodes get public IP addresses; ` +
          "set it to true (with a /28 masterIpv4CidrBlock) and give the nodes egress through Cloud NAT.",
        "urn:pulumi:test::test::gcp:container/cluster:Cluster::agents-cluster",
        "high",
      ],
    ]);
  });

  it("flags authorised networks open to Google Cloud's public addresses or to every address", async () => {
    const open = gkeCluster((c) => {
      c.masterAuthorizedNetworksConfig = {
        gcpPublicCidrsAccessEnabled: true,
        cidrBlocks: [{ cidrBlock: "10.0.0.0/8" }, { cidrBlock: "0.0.0.0/0", displayName: "anywhere" }, { cidrBlock: "::/0" }],
      };
    });
    expect(await messages(privateCluster, [open])).toEqual([
      `${CLUSTER} authorises every address in masterAuthorizedNetworksConfig.cidrBlocks[1]; list only the networks ` +
        "administrators use.",
      `${CLUSTER} authorises every address in masterAuthorizedNetworksConfig.cidrBlocks[2]; list only the networks ` +
        "administrators use.",
      `${CLUSTER} sets masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled to true, so any Compute Engine ` +
        "public address may reach the Kubernetes API; set it to false.",
    ]);
  });

  it("flags the DNS endpoint open to the internet, even with the IP endpoints off", async () => {
    const dns = gkeCluster((c) => {
      c.controlPlaneEndpointsConfig = { ipEndpointsConfig: { enabled: false }, dnsEndpointConfig: { allowExternalTraffic: true } };
    });
    expect(await messages(privateCluster, [dns])).toEqual([
      `${CLUSTER} sets controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic to true, so the Kubernetes ` +
        "API answers on its DNS endpoint from the internet; set it to false.",
    ]);
  });

  it("flags pools that opt out of private nodes, inline or as NodePools", async () => {
    const inline = gkeCluster((c) => {
      c.nodePools = [{ name: "a" }, { name: "b", networkConfig: { enablePrivateNodes: false } }];
    });
    const pool = nodePool("public", (p) => (p.networkConfig = { enablePrivateNodes: false }));
    const explicit = nodePool("private", (p) => (p.networkConfig = { enablePrivateNodes: true }));
    expect(await messages(privateCluster, [inline, pool, explicit])).toEqual([
      `${CLUSTER} sets nodePools[1].networkConfig.enablePrivateNodes to false, so that pool's nodes get public IP ` +
        "addresses; remove it or set it to true.",
      'GKE node pool "public" of cluster "agents" sets networkConfig.enablePrivateNodes to false, so its nodes get ' +
        "public IP addresses; remove it (the pool then inherits the cluster's private nodes) or set it to true.",
    ]);
  });

  it("does not apply to other resources", async () => {
    const evaluation = await evaluatePolicies([privateCluster], [auditBucket()]);
    expect([evaluation.violations, evaluation.notApplicable]).toEqual([[], { "agentcloud-gcp-private-cluster": 1 }]);
  });
});
