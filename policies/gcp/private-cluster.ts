import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { cisGke } from "../lib/frameworks";
import { GCP_TYPES, ONLY_GKE, describeCluster, describeNodePool, isGkeResource, propsOf } from "../lib/gcp";
import { isWholeFamily, parseCidr } from "../lib/ip";
import { record } from "../lib/pod-templates";

const PRIVATE = "privateClusterConfig";
const NETWORKS = "masterAuthorizedNetworksConfig";
const DNS = "controlPlaneEndpointsConfig.dnsEndpointConfig";

/** A pool's own `networkConfig.enablePrivateNodes: false` gives its nodes public addresses whatever the cluster says. */
function publicPool(networkConfig: unknown): boolean {
  return record(networkConfig).enablePrivateNodes === false;
}

/**
 * The control plane and the nodes have no public address: the Kubernetes API is reached only from the networks the
 * cluster authorises, and nodes only through the VPC (CIS GKE 5.6.3-5.6.5).
 */
export const privateCluster: ResourceValidationPolicy = {
  name: "agentcloud-gcp-private-cluster",
  description:
    `Every GKE cluster sets ${PRIVATE}.enablePrivateNodes and ${PRIVATE}.enablePrivateEndpoint to true (or turns ` +
    `its IP endpoints off with controlPlaneEndpointsConfig.ipEndpointsConfig.enabled: false), sets ${NETWORKS} with ` +
    "no 0.0.0.0/0 or ::/0 block and gcpPublicCidrsAccessEnabled not true, and does not set " +
    `${DNS}.allowExternalTraffic to true; no node pool (inline in nodePools or a NodePool) sets ` +
    "networkConfig.enablePrivateNodes to false.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: cisGke("5.6.4 Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled"),
  tags: ["cis-gke-1.6:5.6.3", "cis-gke-1.6:5.6.4", "cis-gke-1.6:5.6.5", "nsa-cisa-k8s-hardening-1.2:network-separation"],
  remediationSteps:
    `Create the cluster with ${PRIVATE} {enablePrivateNodes: true, enablePrivateEndpoint: true, ` +
    `masterIpv4CidrBlock: <a /28>} and ${NETWORKS} {cidrBlocks: [<the admin networks>]} (agentcloud's ` +
    "GkeAgentCluster does); reach the API from inside the VPC (a bastion, Cloud VPN or Interconnect). Private nodes " +
    "reach the internet only through Cloud NAT. A cluster created with a public endpoint or public nodes must be recreated.",
  validateResource: (args, report) => {
    if (!isGkeResource(args)) return args.notApplicable(ONLY_GKE);
    const props = propsOf(args);
    if (args.type === GCP_TYPES.nodePool) {
      if (publicPool(props.networkConfig)) {
        report(
          `${describeNodePool(args)} sets networkConfig.enablePrivateNodes to false, so its nodes get public IP addresses; ` +
            "remove it (the pool then inherits the cluster's private nodes) or set it to true.",
        );
      }
      return;
    }
    const who = describeCluster(args);
    const privateConfig = record(props[PRIVATE]);
    if (privateConfig.enablePrivateNodes !== true) {
      report(
        `${who} does not set ${PRIVATE}.enablePrivateNodes to true, so its nodes get public IP addresses; set it to ` +
          "true (with a /28 masterIpv4CidrBlock) and give the nodes egress through Cloud NAT.",
      );
    }
    const endpoints = record(props.controlPlaneEndpointsConfig);
    const ipEndpointsOff = record(endpoints.ipEndpointsConfig).enabled === false;
    if (privateConfig.enablePrivateEndpoint !== true && !ipEndpointsOff) {
      report(
        `${who} does not set ${PRIVATE}.enablePrivateEndpoint to true, so the Kubernetes API has a public endpoint; ` +
          "set it to true and reach the API from inside the VPC.",
      );
    }
    if (record(endpoints.dnsEndpointConfig).allowExternalTraffic === true) {
      report(
        `${who} sets ${DNS}.allowExternalTraffic to true, so the Kubernetes API answers on its DNS endpoint from the ` +
          "internet; set it to false.",
      );
    }
    const networks = props[NETWORKS];
    if (networks === undefined || networks === null) {
      report(
        `${who} does not set ${NETWORKS}, so any address that reaches the control plane may call the Kubernetes API; ` +
          `set ${NETWORKS}.cidrBlocks to the networks administrators use.`,
      );
    } else {
      const config = record(networks);
      if (config.gcpPublicCidrsAccessEnabled === true) {
        report(
          `${who} sets ${NETWORKS}.gcpPublicCidrsAccessEnabled to true, so any Compute Engine public address may reach ` +
            "the Kubernetes API; set it to false.",
        );
      }
      const blocks = Array.isArray(config.cidrBlocks) ? (config.cidrBlocks as unknown[]) : [];
      blocks.forEach((block, i) => {
        const range = parseCidr(record(block).cidrBlock);
        if (range !== undefined && isWholeFamily(range)) {
          report(`${who} authorises every address in ${NETWORKS}.cidrBlocks[${i}]; list only the networks administrators use.`);
        }
      });
    }
    const pools = Array.isArray(props.nodePools) ? (props.nodePools as unknown[]) : [];
    pools.forEach((pool, i) => {
      if (publicPool(record(pool).networkConfig)) {
        report(
          `${who} sets nodePools[${i}].networkConfig.enablePrivateNodes to false, so that pool's nodes get public IP ` +
            "addresses; remove it or set it to true.",
        );
      }
    });
  },
};
