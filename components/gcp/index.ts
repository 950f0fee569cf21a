/**
 * The GCP layer: the network, the GKE cluster and its platform for `AgentCloud`, node pools, workload identity per
 * agent, the audit bucket and the audit pipeline's GCP side.
 * @module agentcloud/gcp
 */
export * from "./audit";
export * from "./audit-shipping";
export * from "./cluster";
export * from "./identity";
export * from "./network";
export * from "./nodes";
