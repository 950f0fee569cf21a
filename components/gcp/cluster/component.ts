import * as container from "@pulumi/gcp/container";
import * as kms from "@pulumi/gcp/kms";
import * as organizations from "@pulumi/gcp/organizations";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dataplaneV2Fabric } from "../../kubernetes/network/dataplane-v2";
import type { ApiServerEndpoint } from "../../kubernetes/network/cluster-endpoints";
import type { NetworkFabric } from "../../kubernetes/network/fabric";
import { throwIfProblems } from "../../validation";
import { SECONDARY_RANGE_NAMES } from "../network/spec";
import { cloudKmsKey } from "./kms";
import { gkeIssuer, gkeKubeconfig, workloadPool, type GkeClusterRef } from "./kubeconfig";
import { NODE_POOL_LABEL, NODE_POOL_MANAGEMENT, secureNodeConfig } from "./node-config";
import { nodeServiceAccount } from "./node-service-account";
import { GKE_CLUSTER_DEFAULTS, type GkeAgentClusterArgs } from "./spec";
import { validateGkeAgentClusterArgs } from "./validate";

export type { GkeAgentClusterArgs } from "./spec";

/** GCP label on agentcloud's cluster, key and nodes. */
export const GKE_MANAGED_LABEL = {
  /** Marks the resource as created and managed by agentcloud. */
  "agentcloud-managed": "true",
} as const;

/** A service account id (6 to 30 characters) for the cluster's nodes. */
export function nodeAccountId(clusterName: string): string {
  return `${clusterName.slice(0, 24).replace(/-+$/, "")}-nodes`;
}

/** The GKE service agent of a project (it encrypts Secrets with the cluster's key). */
export function gkeServiceAgent(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/**
 * A private, hardened GKE Standard cluster for agents: private nodes and a private endpoint reached only from the
 * authorised networks; Dataplane V2 (`ADVANCED_DATAPATH`) with FQDN network policy and inter-node transparent
 * encryption; Workload Identity; Shielded Nodes; a release channel; Secrets encrypted with a Cloud KMS key (rotated
 * every 90 days) the GKE service agent may use; the default node pool removed; a dedicated least-privilege node
 * service account; a system node pool with the GKE metadata server, secure boot and integrity monitoring; system,
 * API server and workload logs and managed Prometheus. Exposes a Kubernetes provider (gke-gcloud-auth-plugin) and the
 * Dataplane V2 `fabric` matching its settings.
 */
export class GkeAgentCluster extends pulumi.ComponentResource {
  /** The GKE cluster's name. */
  readonly clusterName: pulumi.Output<string>;
  /** Its location (region). */
  readonly location: pulumi.Output<string>;
  /** The control plane's private endpoint address. */
  readonly endpoint: pulumi.Output<string>;
  /** The cluster CA (base64 PEM). */
  readonly caCertificate: pulumi.Output<string>;
  /** The Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: pulumi.Output<string>;
  /** The ServiceAccount token issuer. */
  readonly issuer: pulumi.Output<string>;
  /** E-mail of the node service account (node pools run as it). */
  readonly nodeServiceAccountEmail: pulumi.Output<string>;
  /** Full name of the Secrets encryption key. */
  readonly secretsKeyId: pulumi.Output<string>;
  /** The control plane's private range (agents that claim sandboxes reach the API server there). */
  readonly masterIpv4CidrBlock: pulumi.Output<string>;
  /** The Kubernetes provider for everything in the cluster. */
  readonly provider: k8s.Provider;
  /** The Dataplane V2 fabric, as the cluster is configured (pure data, for `AgentCloud`). */
  readonly fabric: NetworkFabric;
  /** Project, location and name, known up front (the token issuer is derived from them). */
  readonly ref: GkeClusterRef;
  /** The API server as agents reach it: the control plane's private range on 443. */
  readonly apiServer: ApiServerEndpoint;
  /** The cluster resource (node pools attach to it). */
  readonly cluster: container.Cluster;

  constructor(name: string, args: GkeAgentClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GkeAgentCluster "${name}"`, validateGkeAgentClusterArgs(args));
    super("agentcloud:gcp:GkeAgentCluster", name, {}, opts);
    const clusterName = args.clusterName ?? name;
    const labels = { ...GKE_MANAGED_LABEL, ...(args.labels ?? {}) };
    const fabricOptions = args.fabric ?? {};
    const masterCidr = args.masterIpv4CidrBlock ?? GKE_CLUSTER_DEFAULTS.masterIpv4CidrBlock;
    const pool = { ...GKE_CLUSTER_DEFAULTS.systemPool, ...(args.systemPool ?? {}) };

    const project = organizations.getProjectOutput({ projectId: args.project }, { parent: this });
    const nodes = nodeServiceAccount(`${name}-nodes`, { accountId: nodeAccountId(clusterName), project: args.project }, { parent: this });
    const secrets = cloudKmsKey(
      `${name}-secrets`,
      { project: args.project, location: args.location, keyRingName: `${clusterName}-gke`, keyName: `${clusterName}-secrets`, labels },
      { parent: this },
    );
    const agentGrant = new kms.CryptoKeyIAMMember(
      `${name}-secrets-gke`,
      {
        cryptoKeyId: secrets.keyId,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: project.number.apply(gkeServiceAgent),
      },
      { parent: this },
    );
    const nodeConfig = (poolName: string) =>
      secureNodeConfig({
        serviceAccount: nodes.account.email,
        machineType: pool.machineType,
        diskSizeGb: pool.diskSizeGb,
        labels: { [NODE_POOL_LABEL]: poolName },
        resourceLabels: labels,
      });

    const cluster = new container.Cluster(
      `${name}-cluster`,
      {
        project: args.project,
        name: clusterName,
        location: args.location,
        description: "agentcloud: private GKE cluster for sandboxed agents",
        network: args.network.network,
        subnetwork: args.network.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
          clusterSecondaryRangeName: args.network.podsRangeName ?? SECONDARY_RANGE_NAMES.pods,
          servicesSecondaryRangeName: args.network.servicesRangeName ?? SECONDARY_RANGE_NAMES.services,
        },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: true,
          masterIpv4CidrBlock: masterCidr,
          masterGlobalAccessConfig: { enabled: false },
        },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: args.masterAuthorizedNetworks.map((n) => ({ cidrBlock: n.cidrBlock, displayName: n.displayName })),
          gcpPublicCidrsAccessEnabled: false,
        },
        datapathProvider: "ADVANCED_DATAPATH",
        enableFqdnNetworkPolicy: fabricOptions.fqdnNetworkPolicy !== false,
        inTransitEncryptionConfig:
          fabricOptions.interNodeEncryption === false ? "IN_TRANSIT_ENCRYPTION_DISABLED" : "IN_TRANSIT_ENCRYPTION_INTER_NODE_TRANSPARENT",
        workloadIdentityConfig: { workloadPool: workloadPool(args.project) },
        enableShieldedNodes: true,
        releaseChannel: { channel: args.releaseChannel ?? GKE_CLUSTER_DEFAULTS.releaseChannel },
        databaseEncryption: { state: "ENCRYPTED", keyName: secrets.keyId },
        // The default pool cannot be configured like agentcloud's pools; GKE needs one node to create the cluster.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        // The short-lived default pool runs as the dedicated account with the metadata server too.
        nodeConfig: nodeConfig("default"),
        loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"] },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER"], managedPrometheus: { enabled: true } },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_BASIC" },
        deletionProtection: args.deletionProtection ?? true,
        resourceLabels: labels,
      },
      // nodeConfig describes only the default pool, which is removed once the cluster exists: later reads must not
      // turn into a diff (the field forces replacement; the provider's docs advise against it beside node pools).
      { parent: this, dependsOn: [agentGrant, ...nodes.members], ignoreChanges: ["nodeConfig"] },
    );
    new container.NodePool(
      `${name}-system`,
      {
        project: args.project,
        name: "system",
        cluster: cluster.name,
        location: args.location,
        autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
        management: { ...NODE_POOL_MANAGEMENT },
        nodeConfig: nodeConfig("system"),
      },
      { parent: this, dependsOn: nodes.members },
    );
    const kubeconfig = pulumi
      .all([cluster.endpoint, cluster.masterAuth])
      .apply(([endpoint, auth]) => gkeKubeconfig({ name: clusterName, endpoint, caCertificate: auth.clusterCaCertificate ?? "" }));
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: pulumi.secret(kubeconfig), enableServerSideApply: true },
      { parent: this },
    );

    this.cluster = cluster;
    this.ref = { project: args.project, location: args.location, clusterName };
    this.apiServer = { cidrs: [masterCidr], ports: [443] };
    this.fabric = dataplaneV2Fabric(fabricOptions);
    this.clusterName = cluster.name;
    this.location = cluster.location;
    this.endpoint = cluster.endpoint;
    this.caCertificate = cluster.masterAuth.apply((a) => a.clusterCaCertificate ?? "");
    this.workloadPool = pulumi.output(workloadPool(args.project));
    this.issuer = pulumi.output(gkeIssuer(this.ref));
    this.nodeServiceAccountEmail = nodes.account.email;
    this.secretsKeyId = secrets.keyId;
    this.masterIpv4CidrBlock = pulumi.output(masterCidr);
    this.registerOutputs({
      clusterName: this.clusterName,
      location: this.location,
      endpoint: this.endpoint,
      caCertificate: this.caCertificate,
      workloadPool: this.workloadPool,
      issuer: this.issuer,
      nodeServiceAccountEmail: this.nodeServiceAccountEmail,
      secretsKeyId: this.secretsKeyId,
      masterIpv4CidrBlock: this.masterIpv4CidrBlock,
    });
  }
}
