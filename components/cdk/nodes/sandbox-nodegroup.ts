import * as eks from "aws-cdk-lib/aws-eks-v2";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { kvmSource } from "../../aws/nodes/instance-types";
import { gvisorUserData } from "../../aws/nodes/user-data";
import { throwIfCdkProblems } from "../identity/argument-error";
import { SANDBOX_NODE_KEY } from "../../vocabulary";
import { createNodegroup, type NodegroupParts, type NodegroupTaint } from "./nodegroup";
import {
  CDK_DEFAULT_GVISOR_RELEASE,
  CDK_GVISOR_RELEASES_URL,
  DEFAULT_SANDBOX_NODEGROUP_DISK_GIB,
  DEFAULT_SANDBOX_NODEGROUP_INSTANCE_TYPES,
  type CdkSandboxRuntime,
  type SandboxNodegroupProps,
} from "./spec";
import { validateSandboxNodegroupProps } from "./validate";

/**
 * Labels of a sandbox node group's nodes: `agentcloud.dev/sandbox=<runtime>`, what `SandboxRuntimes` schedules gVisor
 * pods onto and installs kata-deploy on (the same labels as the Pulumi `EksSandboxNodePool`).
 */
export function sandboxNodegroupLabels(runtime: CdkSandboxRuntime): Record<string, string> {
  return { [SANDBOX_NODE_KEY]: runtime };
}

/** Taints of a sandbox node group's nodes: `agentcloud.dev/sandbox=<runtime>:NoSchedule`, which the runtime's pods tolerate. */
export function sandboxNodegroupTaints(runtime: CdkSandboxRuntime): NodegroupTaint[] {
  return [{ key: SANDBOX_NODE_KEY, value: runtime, effect: eks.TaintEffect.NO_SCHEDULE }];
}

/** The node group's parts (pure): AL2023, labels, taints, and the gVisor user data or Kata's nested virtualisation. */
export function sandboxNodegroupParts(props: SandboxNodegroupProps): NodegroupParts {
  const instanceTypes = props.instanceTypes ?? DEFAULT_SANDBOX_NODEGROUP_INSTANCE_TYPES[props.runtime];
  const common = {
    amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
    instanceTypes,
    labels: sandboxNodegroupLabels(props.runtime),
    taints: sandboxNodegroupTaints(props.runtime),
  };
  const volumes = [{ deviceName: "/dev/xvda", sizeGiB: props.diskSizeGiB ?? DEFAULT_SANDBOX_NODEGROUP_DISK_GIB }];
  if (props.runtime === "kata") {
    const nested = instanceTypes.some((t) => kvmSource(t) === "nested");
    return { ...common, launchTemplate: { volumes, ...(nested && { nestedVirtualization: true }) } };
  }
  const g = props.gvisor ?? {};
  // The Pulumi pools' builder: a checked download of runsc and its shim, and a nodeadm NodeConfig with the runsc handler.
  const userData = gvisorUserData({
    containerdConfigVersion: g.containerdConfigVersion ?? 3,
    download: {
      release: g.release ?? CDK_DEFAULT_GVISOR_RELEASE,
      baseUrl: g.baseUrl ?? CDK_GVISOR_RELEASES_URL,
      ...(g.sha512 !== undefined && { sha512: { ...g.sha512 } }),
    },
  });
  return { ...common, launchTemplate: { volumes, userData } };
}

/**
 * A managed node group for sandboxed agents, the CDK twin of the Pulumi `EksSandboxNodePool`: labelled and tainted
 * `agentcloud.dev/sandbox=<runtime>`, on a launch template with IMDSv2 required (hop limit 1) and encrypted gp3
 * volumes. gVisor: AL2023 nodes that install a pinned, checksummed gVisor release at boot and register the `runsc`
 * handler in containerd through a nodeadm `NodeConfig`. Kata: x86_64 nodes with `/dev/kvm` (bare metal, or nested
 * virtualisation turned on in the launch template). Validates every property before any construct is created.
 */
export class SandboxNodegroup extends Construct {
  /** The managed node group. */
  readonly nodegroup: eks.Nodegroup;
  /** Its launch template. */
  readonly launchTemplate: ec2.CfnLaunchTemplate;
  /** The nodes' IAM role. */
  readonly nodeRole: iam.IRole;
  /** The runtime the nodes run. */
  readonly runtime: CdkSandboxRuntime;

  constructor(scope: Construct, id: string, props: SandboxNodegroupProps) {
    throwIfCdkProblems(`SandboxNodegroup "${id}"`, validateSandboxNodegroupProps(props));
    super(scope, id);
    const made = createNodegroup(this, props, sandboxNodegroupParts(props));
    this.nodegroup = made.nodegroup;
    this.launchTemplate = made.launchTemplate;
    this.nodeRole = made.nodeRole;
    this.runtime = props.runtime;
  }
}
