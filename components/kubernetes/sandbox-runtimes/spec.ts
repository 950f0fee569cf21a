import type { Toleration } from "kubernetes-types/core/v1";
import { SANDBOX_NODE_KEY, type SandboxRuntime } from "../../vocabulary";

/** Where pods of one runtime family may run. Each field given replaces that field of the family default. */
export interface RuntimeScheduling {
  /**
   * Node labels a pod of this runtime is pinned to (merged into the pod's nodeSelector at admission).
   * `{}` drops the constraint.
   * @default gVisor: `{"agentcloud.dev/sandbox": "gvisor"}`; Kata: `{"katacontainers.io/kata-runtime": "true"}`
   */
  nodeSelector?: Record<string, string>;
  /**
   * Tolerations added to pods of this runtime, so they can run on tainted sandbox nodes.
   * @default `[{key: "agentcloud.dev/sandbox", operator: "Equal", value: "gvisor" | "kata", effect: "NoSchedule"}]`
   */
  tolerations?: Toleration[];
}

/** Which sandbox RuntimeClasses exist and how they are installed. */
export interface SandboxRuntimesSpec {
  /**
   * RuntimeClasses agents may use: `gvisor`, `kata-qemu`, `kata-clh`, `kata-fc`. `kata-fc` (Firecracker) is left out
   * by default: kata-deploy 3.32.0 configures it with containerd's devmapper snapshotter, which standard nodes lack.
   * To turn it on, configure devmapper on the Kata nodes' containerd (a thin-pool and
   * `[plugins."io.containerd.snapshotter.v1.devmapper"]`), then list it: `runtimes: ["gvisor", "kata-qemu",
   * "kata-clh", "kata-fc"]`; with `installKata` the kata-deploy release then installs the `fc` shim too.
   * @default ["gvisor", "kata-qemu", "kata-clh"] (`DEFAULT_SANDBOX_RUNTIMES`)
   */
  runtimes?: readonly SandboxRuntime[];
  /**
   * Runtimes the platform already provides (GKE Sandbox creates `gvisor` itself). They stay available to agents
   * but are not rendered. Must be among `runtimes`.
   * @default []
   */
  platformProvided?: readonly SandboxRuntime[];
  /**
   * Scheduling of the `gvisor` class.
   * @default - gVisor nodes: nodeSelector `agentcloud.dev/sandbox=gvisor`, toleration of the `gvisor` sandbox taint
   */
  gvisor?: RuntimeScheduling;
  /**
   * Scheduling of the `kata-*` classes.
   * @default - nodes labelled by kata-deploy (`katacontainers.io/kata-runtime=true`), toleration of the `kata` sandbox taint
   */
  kata?: RuntimeScheduling;
  /**
   * Install Kata Containers on the nodes with the pinned upstream kata-deploy chart (`UPSTREAM.kataDeploy`), with only
   * the shims of the rendered Kata classes. `kata-fc` needs the devmapper snapshotter configured on the node (see
   * `runtimes`).
   * @default false
   */
  installKata?: boolean;
  /**
   * Nodes the kata-deploy DaemonSet installs Kata on (and so labels `katacontainers.io/kata-runtime=true`, which the
   * Kata classes select). Keeps a privileged installer, and Kata pods, off general-purpose nodes.
   * @default {"agentcloud.dev/sandbox": "kata"}
   */
  kataDeployNodeSelector?: Record<string, string>;
  /**
   * Seconds the kata-deploy Helm release may take. The chart waits up to `verification.daemonsetTimeout` (1200 s in
   * 3.32.0) for its DaemonSet to roll out, image pulls included; Pulumi's default of 300 s fails first on slow nodes.
   * @default 1200 (`KATA_DEPLOY_TIMEOUT_SECONDS`)
   */
  kataDeployTimeoutSeconds?: number;
}

/** RuntimeClasses rendered by default: every sandbox runtime except `kata-fc`, which needs devmapper on the nodes. */
export const DEFAULT_SANDBOX_RUNTIMES: readonly SandboxRuntime[] = ["gvisor", "kata-qemu", "kata-clh"];

/** The kata-deploy 3.32.0 chart's own rollout budget (`verification.daemonsetTimeout` in its values.yaml). */
export const KATA_DEPLOY_TIMEOUT_SECONDS = 1200;

/** The label kata-deploy puts on nodes where it installed Kata. */
export const KATA_NODE_LABEL = "katacontainers.io/kata-runtime";

/** Where gVisor pods go unless `gvisor` says otherwise: nodes labelled and tainted `agentcloud.dev/sandbox=gvisor`. */
export const DEFAULT_GVISOR_SCHEDULING: Readonly<Required<RuntimeScheduling>> = {
  nodeSelector: { [SANDBOX_NODE_KEY]: "gvisor" },
  tolerations: [{ key: SANDBOX_NODE_KEY, operator: "Equal", value: "gvisor", effect: "NoSchedule" }],
};

/** Where Kata pods go unless `kata` says otherwise: nodes kata-deploy labelled, tolerating `agentcloud.dev/sandbox=kata`. */
export const DEFAULT_KATA_SCHEDULING: Readonly<Required<RuntimeScheduling>> = {
  nodeSelector: { [KATA_NODE_LABEL]: "true" },
  tolerations: [{ key: SANDBOX_NODE_KEY, operator: "Equal", value: "kata", effect: "NoSchedule" }],
};

/** Nodes the kata-deploy DaemonSet installs Kata on unless `kataDeployNodeSelector` says otherwise. */
export const DEFAULT_KATA_DEPLOY_NODE_SELECTOR: Readonly<Record<string, string>> = { [SANDBOX_NODE_KEY]: "kata" };
