/**
 * agentcloud: declare agents, and get sandboxed workloads, least-privilege identity and networking on Kubernetes.
 * The package root holds the blueprint (`AgentCloud`) and the vocabulary (label keys, enums, validation); today it also re-exports
 * the Kubernetes layer, which is `agentcloud/kubernetes` on its own.
 * @module agentcloud
 */
export * from "./blueprint";
export * from "./kubernetes";
export * from "./validation";
export * from "./vocabulary";
