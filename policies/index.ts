/**
 * The agentcloud CrossGuard policy pack: `pulumi preview --policy-pack policies`. This is the only module that
 * constructs the PolicyPack (constructing one starts the analyzer's gRPC server); tests and the offline plan
 * import the policy list from ./all instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./all";

new PolicyPack("agentcloud", {
  description:
    "agentcloud guardrails for AI agents on Kubernetes: sandbox runtimes, Pod Security Standards restricted, " +
    "ServiceAccount token hygiene and default-deny tenant networks.",
  displayName: "agentcloud",
  tags: ["kubernetes", "ai-agents", "pod-security", "agent-sandbox"],
  policies,
});
