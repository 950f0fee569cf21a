/**
 * The CDK layer: `AgentCloudStack` and its constructs (EKS cluster, node groups, identities, audit bucket), the fleet's
 * Kubernetes objects applied from the same pure builders as the Pulumi side, and the synth-time gate. Loads no Pulumi.
 * @module agentcloud/cdk
 */
export * from "./audit";
export * from "./cluster";
export * from "./gate";
export * from "./identity";
export * from "./kubernetes";
export * from "./nodes";
export * from "./stack";
