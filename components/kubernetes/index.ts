/**
 * The cloud-neutral Kubernetes layer: pure builders (spec in, plain objects out) and the Pulumi components that
 * register what they build. Pass a Kubernetes provider in each component's `opts`. Loads no cloud SDK.
 * @module agentcloud/kubernetes
 */
export * from "./agent";
export * from "./agent-namespace";
export * from "./agent-sandbox";
export * from "./audit";
export * from "./gpu-sharing";
export * from "./mcp-gateway";
export * from "./priority-classes";
export * from "./resources";
export * from "./sandbox-runtimes";
export * from "./network";
export * from "./observability";
export * from "./objects";
