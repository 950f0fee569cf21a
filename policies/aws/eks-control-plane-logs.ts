import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, describeAws, list } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { cisEks } from "../lib/frameworks";

/** EKS's five control-plane log types (CloudWatch Logs `/aws/eks/<cluster>/cluster`). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

const ALL = CONTROL_PLANE_LOG_TYPES.map((t) => JSON.stringify(t)).join(", ");

/**
 * The control plane's logs are the record of who did what to the cluster (the Kubernetes audit log), which IAM
 * principal authenticated as whom, and why the scheduler placed an agent where it did. EKS sends none by default.
 */
export const eksControlPlaneLogs: ResourceValidationPolicy = {
  name: "agentcloud-aws-eks-control-plane-logs",
  description: `Every EKS cluster (${AWS_TYPES.cluster}) lists all five control-plane log types in enabledClusterLogTypes: ${ALL}.`,
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: cisEks("2.1.1 Enable audit Logs"),
  tags: ["cis-eks-1.7:2.1.1", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection", "owasp-agentic-top10:ASI10"],
  remediationSteps:
    `Set enabledClusterLogTypes to [${ALL}] (agentcloud's EksAgentCluster does), and create the log group ` +
    "/aws/eks/<cluster>/cluster yourself with a retention and a KMS key, so the logs neither expire unseen nor live forever.",
  validateResource: (args, report) => {
    if (args.type !== AWS_TYPES.cluster) return args.notApplicable(`Policy only applies to EKS clusters (${AWS_TYPES.cluster})`);
    const enabled = list(args.props.enabledClusterLogTypes);
    const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
    if (missing.length === 0) return;
    report(
      `${describeAws("EKS cluster", args.name)} does not enable control-plane log ${missing.length === 1 ? "type" : "types"} ` +
        `${missing.map((t) => JSON.stringify(t)).join(", ")} in enabledClusterLogTypes; enable all five: ${ALL}.`,
    );
  },
};
