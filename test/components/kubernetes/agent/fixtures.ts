import type { AgentArgs } from "../../../../components/kubernetes/agent";

/** A minimal valid declaration each test varies. */
export const BASE: AgentArgs = { namespace: "agents", image: "ghcr.io/acme/agent:1.0.0" };

export const GPU_PLATFORM: AgentArgs["platform"] = { gpu: { nodeSelector: { "agentcloud.dev/pool": "gpu" } } };

/** The gateway `AgentCloud` injects by default, and one with every field changed. */
export const GATEWAY = { namespace: "agentcloud-gateway", name: "mcp-gateway", port: 8080, audience: "agentcloud-gateway" };
export const OTHER_GATEWAY = { namespace: "gw", name: "tools-gw", port: 9443, audience: "tools" };
