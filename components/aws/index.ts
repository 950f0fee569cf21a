/**
 * The AWS layer: the network, the EKS cluster and its platform for `AgentCloud`, node pools, workload identity per
 * agent, the audit bucket and the audit pipeline's AWS side.
 * @module agentcloud/aws
 */
export * from "./audit";
export * from "./audit-shipping";
export * from "./cluster";
export * from "./identity";
export * from "./kms";
export * from "./nodes";
export * from "./vpc";
