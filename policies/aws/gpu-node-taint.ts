import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPES, GPU_TAINT_KEY, describeAws, list } from "../lib/aws";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { record, text } from "../lib/pod-templates";

/**
 * EC2 instance families with NVIDIA GPUs (aws.amazon.com/ec2/instance-types/#Accelerated_Computing; g4ad is AMD and
 * inf/trn are AWS Neuron, neither uses the NVIDIA device plugin).
 */
export const NVIDIA_INSTANCE_TYPE = /^(g3s?|g4dn|g5g?|g6e?|g6f|gr6f?|g7e|p2|p3|p3dn|p4de?|p5|p5en?|p6-b200|p6-b300|p6e-gb200)\./;

const TAINT = `{key: "${GPU_TAINT_KEY}", effect: "NO_SCHEDULE"}`;

/** Why a node group has NVIDIA GPUs, or undefined when it has none. */
function gpuReason(props: Record<string, unknown>): string | undefined {
  const amiType = text(props.amiType);
  // AL2_x86_64_GPU, AL2023_x86_64_NVIDIA, AL2023_ARM_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA.
  if (amiType !== undefined && /^[A-Za-z0-9_]{1,40}_(NVIDIA|GPU)$/.test(amiType))
    return `its amiType ${JSON.stringify(amiType)} is an NVIDIA AMI`;
  const gpuTypes = list(props.instanceTypes).filter((t): t is string => typeof t === "string" && NVIDIA_INSTANCE_TYPE.test(t));
  if (gpuTypes.length > 0) return `its instance types include NVIDIA GPU types (${gpuTypes.map((t) => JSON.stringify(t)).join(", ")})`;
  return undefined;
}

/**
 * GPU nodes are for the pods that ask for a GPU: the taint keeps everything else off them, so an agent without a GPU
 * cannot take the capacity GPU agents are scheduled onto, nor share a node with the device plugin's privileged pods.
 * agentcloud's GPU platform tolerates exactly this taint.
 */
export const gpuNodeTaint: ResourceValidationPolicy = {
  name: "agentcloud-aws-gpu-node-taint",
  description:
    `Every EKS managed node group (${AWS_TYPES.nodeGroup}) with NVIDIA GPUs (an NVIDIA amiType like AL2023_x86_64_NVIDIA, ` +
    `or NVIDIA GPU instance types) carries the taint ${TAINT}.`,
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10(
    "ASI08 Cascading Failures: keep pods that need no GPU off GPU nodes, so one agent cannot starve the GPU agents",
  ),
  tags: ["owasp-agentic-top10:ASI08"],
  remediationSteps:
    `Add taints: [${TAINT}] to the node group (agentcloud's EksGpuNodePool does); GPU pods tolerate it through the ` +
    "platform's GPU tolerations, and the NVIDIA device plugin and DCGM exporter tolerate it in their chart values.",
  validateResource: (args, report) => {
    if (args.type !== AWS_TYPES.nodeGroup)
      return args.notApplicable(`Policy only applies to EKS managed node groups (${AWS_TYPES.nodeGroup})`);
    const why = gpuReason(args.props);
    if (why === undefined) return args.notApplicable("The node group has no NVIDIA GPUs");
    const taints = list(args.props.taints).map(record);
    const own = taints.filter((t) => t.key === GPU_TAINT_KEY);
    if (own.some((t) => t.effect === "NO_SCHEDULE")) return;
    const who = describeAws("EKS node group", args.name);
    report(
      own.length === 0
        ? `${who} has NVIDIA GPUs (${why}) but no ${GPU_TAINT_KEY} taint; add ${TAINT}.`
        : `${who} has NVIDIA GPUs (${why}) but its ${GPU_TAINT_KEY} taint's effect is not NO_SCHEDULE; use ${TAINT}.`,
    );
  },
};
