import type { AgentArgs } from "../../../../components/kubernetes/agent";

/** A minimal valid declaration each test varies. */
export const BASE: AgentArgs = { namespace: "agents", image: "ghcr.io/acme/agent:1.0.0" };

export const GPU_PLATFORM: AgentArgs["platform"] = { gpu: { nodeSelector: { "agentcloud.dev/pool": "gpu" } } };
