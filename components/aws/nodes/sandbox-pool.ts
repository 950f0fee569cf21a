import type * as ec2 from "@pulumi/aws/ec2";
import type * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { SANDBOX_NODE_KEY } from "../../vocabulary";
import { kvmSource } from "./instance-types";
import { createPool, kubeletTaint, type NodeGroupTaint, type PoolParts } from "./pool";
import {
  DEFAULT_GVISOR_RELEASE,
  DEFAULT_SANDBOX_DISK_GIB,
  DEFAULT_SANDBOX_INSTANCE_TYPES,
  GVISOR_RELEASES_URL,
  type EksSandboxNodePoolArgs,
  type SandboxPoolRuntime,
} from "./spec";
import { gvisorUserData, type NodeadmClusterValues } from "./user-data";
import { validateEksSandboxNodePoolArgs } from "./validate";

/**
 * Labels of a sandbox pool's nodes: `agentcloud.dev/sandbox=<runtime>`, what `SandboxRuntimes` schedules gVisor pods
 * onto (`DEFAULT_GVISOR_SCHEDULING`) and installs kata-deploy on (`DEFAULT_KATA_DEPLOY_NODE_SELECTOR`); kata-deploy
 * then adds `katacontainers.io/kata-runtime=true`, which the Kata classes select, once Kata is installed.
 */
export function sandboxPoolLabels(runtime: SandboxPoolRuntime): Record<string, string> {
  return { [SANDBOX_NODE_KEY]: runtime };
}

/** Taints of a sandbox pool's nodes: `agentcloud.dev/sandbox=<runtime>:NoSchedule`, which the runtime's pods tolerate. */
export function sandboxPoolTaints(runtime: SandboxPoolRuntime): NodeGroupTaint[] {
  return [{ key: SANDBOX_NODE_KEY, value: runtime, effect: "NO_SCHEDULE" }];
}

/** The node group's parts (pure but for `cluster`, an Output on a custom AMI). */
export function sandboxPoolParts(args: EksSandboxNodePoolArgs): PoolParts {
  const instanceTypes = args.instanceTypes ?? DEFAULT_SANDBOX_INSTANCE_TYPES[args.runtime];
  const labels = sandboxPoolLabels(args.runtime);
  const taints = sandboxPoolTaints(args.runtime);
  const volumes = [{ deviceName: "/dev/xvda", sizeGiB: args.diskSizeGiB ?? DEFAULT_SANDBOX_DISK_GIB }];
  const kms = args.kmsKeyArn !== undefined ? { kmsKeyArn: args.kmsKeyArn } : {};
  if (args.runtime === "kata") {
    const nested = instanceTypes.some((t) => kvmSource(t) === "nested");
    return {
      amiType: "AL2023_x86_64_STANDARD",
      instanceTypes,
      labels,
      taints,
      launchTemplate: { volumes, ...kms, ...(nested && { cpuOptions: { nestedVirtualization: true } }) },
    };
  }
  const g = args.gvisor ?? {};
  const containerdConfigVersion = g.containerdConfigVersion ?? 3;
  let userData: pulumi.Input<string>;
  if (g.imageId !== undefined) {
    const c = args.cluster!;
    userData = pulumi
      .all([args.clusterName, c.apiServerEndpoint, c.certificateAuthority, c.cidr])
      .apply(([clusterName, apiServerEndpoint, certificateAuthority, cidr]) => {
        const cluster: NodeadmClusterValues = { name: clusterName, apiServerEndpoint, certificateAuthority, cidr };
        return gvisorUserData({ containerdConfigVersion, customAmi: { cluster, labels, taints: taints.map(kubeletTaint) } });
      });
  } else {
    userData = gvisorUserData({
      containerdConfigVersion,
      download: { release: g.release ?? DEFAULT_GVISOR_RELEASE, baseUrl: g.baseUrl ?? GVISOR_RELEASES_URL, sha512: g.sha512 },
    });
  }
  return {
    amiType: g.imageId !== undefined ? "CUSTOM" : "AL2023_x86_64_STANDARD",
    instanceTypes,
    labels,
    taints,
    launchTemplate: { volumes, ...kms, userData, ...(g.imageId !== undefined && { imageId: g.imageId }) },
  };
}

/**
 * A managed node group for sandboxed agents, labelled and tainted `agentcloud.dev/sandbox=<runtime>` exactly as
 * `SandboxRuntimes` schedules onto, on the shared node launch template (IMDSv2, hop limit 1, encrypted volumes).
 * gVisor: AL2023 nodes that install a pinned, checksummed gVisor release at boot (or a custom AMI that has it) and
 * register the `runsc` handler in containerd through a nodeadm `NodeConfig`. Kata: x86_64 nodes with `/dev/kvm`
 * (bare metal, or nested virtualisation turned on in the launch template); `SandboxRuntimes` with `installKata`
 * installs Kata on them. Validates every argument before any resource is registered.
 */
export class EksSandboxNodePool extends pulumi.ComponentResource {
  /** The managed node group. */
  readonly nodeGroup: eks.NodeGroup;
  /** Its launch template. */
  readonly launchTemplate: ec2.LaunchTemplate;
  /** The nodes' IAM role. */
  readonly nodeRoleArn: pulumi.Output<string>;
  /** The runtime the nodes run. */
  readonly runtime: SandboxPoolRuntime;

  constructor(name: string, args: EksSandboxNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`EksSandboxNodePool "${name}"`, validateEksSandboxNodePoolArgs(args));
    super("agentcloud:aws:EksSandboxNodePool", name, {}, opts);
    const pool = createPool(this, name, args, sandboxPoolParts(args));
    this.nodeGroup = pool.nodeGroup;
    this.launchTemplate = pool.launchTemplate;
    this.nodeRoleArn = pool.nodeRoleArn;
    this.runtime = args.runtime;
    this.registerOutputs({
      nodeGroup: this.nodeGroup,
      launchTemplate: this.launchTemplate,
      nodeRoleArn: this.nodeRoleArn,
      runtime: this.runtime,
    });
  }
}
