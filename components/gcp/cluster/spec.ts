import type * as pulumi from "@pulumi/pulumi";
import type { DataplaneV2Options } from "../../kubernetes/network/dataplane-v2";

/** GKE release channels agentcloud accepts (never `UNSPECIFIED`: a channel keeps the control plane and nodes patched). */
export const GKE_RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"] as const;
/** One of {@link GKE_RELEASE_CHANNELS}. */
export type GkeReleaseChannel = (typeof GKE_RELEASE_CHANNELS)[number];

/** Defaults of {@link GkeAgentClusterArgs}. */
export const GKE_CLUSTER_DEFAULTS = {
  /** Default of {@link GkeAgentClusterArgs.masterIpv4CidrBlock}: the control plane's private range. */
  masterIpv4CidrBlock: "172.16.0.0/28",
  /** Default of {@link GkeAgentClusterArgs.releaseChannel}. */
  releaseChannel: "REGULAR",
  /** Defaults of {@link GkeAgentClusterArgs.systemPool}. */
  systemPool: {
    /** Machine type of the system nodes. */
    machineType: "e2-standard-4",
    /** Fewest nodes per zone. */
    minNodes: 1,
    /** Most nodes per zone. */
    maxNodes: 3,
    /** Boot disk size in GB. */
    diskSizeGb: 100,
  },
} as const;

/** Where the cluster's nodes and Pods live: `AgentVpcNetwork`'s outputs. */
export interface GkeClusterNetwork {
  /** The VPC network (name or self link). */
  network: pulumi.Input<string>;
  /** The subnet (name or self link). */
  subnetwork: pulumi.Input<string>;
  /**
   * The subnet's secondary range for Pods.
   * @default "pods"
   */
  podsRangeName?: pulumi.Input<string>;
  /**
   * The subnet's secondary range for Services.
   * @default "services"
   */
  servicesRangeName?: pulumi.Input<string>;
}

/** A network allowed to reach the control plane's private endpoint. */
export interface GkeAuthorizedNetwork {
  /** The range, e.g. the subnet of a bastion or a VPN's range. */
  cidrBlock: string;
  /** What it is (shown in the console). */
  displayName: string;
}

/** The system node pool (cluster add-ons, the gateway, the sandbox controller, monitoring). */
export interface GkeSystemPoolOptions {
  /**
   * Machine type.
   * @default "e2-standard-4"
   */
  machineType?: string;
  /**
   * Fewest nodes per zone (autoscaling).
   * @default 1
   */
  minNodes?: number;
  /**
   * Most nodes per zone (autoscaling).
   * @default 3
   */
  maxNodes?: number;
  /**
   * Boot disk size in GB.
   * @default 100
   */
  diskSizeGb?: number;
}

/** Arguments of `GkeAgentCluster`. */
export interface GkeAgentClusterArgs {
  /** Project id (the Workload Identity pool `<project>.svc.id.goog`, the token issuer and the KMS key name need it). */
  project: string;
  /** Region of the (regional) cluster, e.g. `europe-west4`. */
  location: string;
  /**
   * Name of the GKE cluster (at most 40 characters).
   * @default - the component's name
   */
  clusterName?: string;
  /** The VPC and subnet (`AgentVpcNetwork`). */
  network: GkeClusterNetwork;
  /**
   * The control plane's private range (a /28 outside the subnet's ranges); agents that claim sandboxes reach the API
   * server there, on 443.
   * @default "172.16.0.0/28"
   */
  masterIpv4CidrBlock?: string;
  /** Networks that may reach the private endpoint: the only way in (at least one; never `0.0.0.0/0`). */
  masterAuthorizedNetworks: GkeAuthorizedNetwork[];
  /**
   * Release channel.
   * @default "REGULAR"
   */
  releaseChannel?: GkeReleaseChannel;
  /**
   * The system node pool.
   * @default - e2-standard-4, 1 to 3 nodes per zone, 100 GB disks
   */
  systemPool?: GkeSystemPoolOptions;
  /**
   * Dataplane V2 settings, which the cluster turns on and its `fabric` reports.
   * @default {} (FQDN network policy and inter-node transparent encryption on)
   */
  fabric?: DataplaneV2Options;
  /**
   * Refuse `pulumi destroy` of the cluster (the provider's `deletionProtection`).
   * @default true
   */
  deletionProtection?: boolean;
  /**
   * GCP labels of the cluster and its nodes.
   * @default {}
   */
  labels?: Record<string, string>;
}
