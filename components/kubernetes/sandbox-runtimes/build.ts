import type { Toleration } from "kubernetes-types/core/v1";
import type { RuntimeClass } from "kubernetes-types/node/v1";
import { checkLabelMap } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkTolerations } from "../../validation/scheduling";
import { checkBoolean, checkInteger, checkOneOf, isRecord } from "../../validation/values";
import { KATA_RUNTIMES, SANDBOX_NODE_KEY, SANDBOX_RUNTIMES, type KataRuntime, type SandboxRuntime } from "../../vocabulary";
import { standardLabels } from "../labels";

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

/** Fixed per-pod cost of a runtime, charged to scheduling, quota and the pod cgroup. */
export interface PodOverhead {
  /** Memory overhead (a Kubernetes quantity). */
  memory: string;
  /** CPU overhead (a Kubernetes quantity). */
  cpu: string;
}

/**
 * Pod overhead per runtime. Kata: the kata-deploy 3.32.0 defaults for each shim (qemu 160Mi, clh and fc 130Mi, 250m).
 * gVisor has no upstream figure; it runs no guest kernel or VMM, only the Sentry and Gofer processes, which live in the
 * pod cgroup (gVisor leaves memory limits to the host cgroup), so an idle sandbox costs tens of MiB. 64Mi / 100m covers
 * that without the VM-sized reservation Kata needs, and keeps small agents from being OOM-killed by their own sandbox.
 */
export const RUNTIME_OVERHEAD: Readonly<Record<SandboxRuntime, PodOverhead>> = {
  gvisor: { memory: "64Mi", cpu: "100m" },
  "kata-qemu": { memory: "160Mi", cpu: "250m" },
  "kata-clh": { memory: "130Mi", cpu: "250m" },
  "kata-fc": { memory: "130Mi", cpu: "250m" },
};

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

/** gVisor's handler is its OCI runtime binary; kata-deploy names each handler after its class. */
function handler(runtime: SandboxRuntime): string {
  return runtime === "gvisor" ? "runsc" : runtime;
}

function isKata(runtime: SandboxRuntime): runtime is KataRuntime {
  return (KATA_RUNTIMES as readonly string[]).includes(runtime);
}

function scheduling(spec: SandboxRuntimesSpec, runtime: SandboxRuntime): Required<RuntimeScheduling> {
  const [defaults, given] = isKata(runtime) ? [DEFAULT_KATA_SCHEDULING, spec.kata] : [DEFAULT_GVISOR_SCHEDULING, spec.gvisor];
  return { nodeSelector: given?.nodeSelector ?? defaults.nodeSelector, tolerations: given?.tolerations ?? defaults.tolerations };
}

/** Runtimes this spec renders as RuntimeClasses (selected, not platform-provided), in `SANDBOX_RUNTIMES` order. */
export function renderedRuntimes(spec: SandboxRuntimesSpec = {}): SandboxRuntime[] {
  const wanted = spec.runtimes ?? DEFAULT_SANDBOX_RUNTIMES;
  const provided = spec.platformProvided ?? [];
  return SANDBOX_RUNTIMES.filter((r) => wanted.includes(r) && !provided.includes(r));
}

/** RuntimeClass names available to agents: rendered plus platform-provided, in `SANDBOX_RUNTIMES` order. */
export function availableRuntimeClassNames(spec: SandboxRuntimesSpec = {}): SandboxRuntime[] {
  const wanted = spec.runtimes ?? DEFAULT_SANDBOX_RUNTIMES;
  return SANDBOX_RUNTIMES.filter((r) => wanted.includes(r));
}

function checkRuntimeList(argument: string, value: unknown, allowEmpty: boolean): ValidationProblem[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    return [{
      argument, value,
      problem: allowEmpty ? "must be a list of runtime names" : "must list at least one runtime",
      fix: `list names from ${SANDBOX_RUNTIMES.map((r) => `"${r}"`).join(", ")}`,
    }];
  }
  return value.flatMap((name: unknown, i) => {
    const known = checkOneOf(`${argument}[${i}]`, name, SANDBOX_RUNTIMES);
    if (known.length > 0) return known;
    if (value.indexOf(name) !== i) {
      return [{ argument: `${argument}[${i}]`, value: name, problem: "is listed more than once", fix: `list ${showValue(name)} once` }];
    }
    return [];
  });
}

function checkScheduling(argument: string, value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ argument, value, problem: "must be an object with nodeSelector and/or tolerations", fix: `set ${argument} to {nodeSelector: {...}, tolerations: [...]}` }];
  }
  const { nodeSelector, tolerations } = value as RuntimeScheduling;
  return nestProblems(argument, [
    ...(nodeSelector === undefined ? [] : checkLabelMap("nodeSelector", nodeSelector)),
    ...(tolerations === undefined ? [] : checkTolerations("tolerations", tolerations)),
  ]);
}

/** Every problem with a SandboxRuntimes spec. */
export function validateSandboxRuntimesSpec(spec: SandboxRuntimesSpec = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const runtimes: unknown = spec.runtimes ?? DEFAULT_SANDBOX_RUNTIMES;
  const provided: unknown = spec.platformProvided ?? [];
  const listProblems = [...checkRuntimeList("runtimes", runtimes, false), ...checkRuntimeList("platformProvided", provided, true)];
  problems.push(...listProblems);
  if (Array.isArray(runtimes) && Array.isArray(provided)) {
    provided.forEach((name: unknown, i) => {
      if ((SANDBOX_RUNTIMES as readonly unknown[]).includes(name) && !runtimes.includes(name)) {
        problems.push({
          argument: `platformProvided[${i}]`, value: name,
          problem: "is not among runtimes",
          fix: `add "${name}" to runtimes, or remove it from platformProvided`,
        });
      }
    });
  }
  problems.push(...checkScheduling("gvisor", spec.gvisor), ...checkScheduling("kata", spec.kata));
  if (spec.installKata !== undefined) problems.push(...checkBoolean("installKata", spec.installKata));
  if (spec.kataDeployNodeSelector !== undefined) problems.push(...checkLabelMap("kataDeployNodeSelector", spec.kataDeployNodeSelector));
  if (spec.kataDeployTimeoutSeconds !== undefined) problems.push(...checkInteger("kataDeployTimeoutSeconds", spec.kataDeployTimeoutSeconds, 300, 7200));
  if (spec.installKata === true && listProblems.length === 0 && !renderedRuntimes(spec).some(isKata)) {
    problems.push({
      argument: "installKata", value: true,
      problem: "installs Kata but no Kata RuntimeClass is rendered (none selected, or all platform-provided)",
      fix: `add a Kata runtime (${KATA_RUNTIMES.map((r) => `"${r}"`).join(", ")}) to runtimes, or set installKata to false`,
    });
  }
  return problems;
}

/** One RuntimeClass per rendered runtime, with the runtime's pod overhead and the scheduling of its family. */
export function buildRuntimeClasses(spec: SandboxRuntimesSpec = {}): RuntimeClass[] {
  return renderedRuntimes(spec).map((runtime) => {
    const { nodeSelector, tolerations } = scheduling(spec, runtime);
    const object: RuntimeClass = {
      apiVersion: "node.k8s.io/v1",
      kind: "RuntimeClass",
      metadata: { name: runtime, labels: standardLabels(runtime, "runtime-class") },
      handler: handler(runtime),
      overhead: { podFixed: { ...RUNTIME_OVERHEAD[runtime] } },
    };
    if (Object.keys(nodeSelector).length > 0 || tolerations.length > 0) {
      object.scheduling = {
        ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector: { ...nodeSelector } } : {}),
        ...(tolerations.length > 0 ? { tolerations: tolerations.map((t) => ({ ...t })) } : {}),
      };
    }
    return object;
  });
}

/** Values of the upstream kata-deploy chart (3.32.0 keys), as {@link kataDeployValues} sets them. */
export type KataDeployValues = {
  /** Shims to install: all off, then the rendered ones on. */
  shims: {
    /** Turns every shim off unless enabled below. */
    disableAll: true;
    [shim: string]:
      | boolean
      | {
          /** Install this shim. */
          enabled: boolean;
        };
  };
  /** The chart's default shim, per architecture (must be an installed one). */
  defaultShim: {
    /** Default shim on amd64 nodes. */
    amd64: string;
  };
  /** The chart's own RuntimeClasses, off: the component renders them with agentcloud's scheduling. */
  runtimeClasses: {
    /** Render a RuntimeClass per shim. */
    enabled: false;
    /** Render a default `kata` RuntimeClass. */
    createDefault: false;
  };
  /** Nodes the DaemonSet runs on. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the DaemonSet (the Kata sandbox nodes' taint). */
  tolerations: Toleration[];
};

/**
 * kata-deploy values: every shim off except those of the rendered Kata classes (`kata-<shim>`), the chart's own
 * RuntimeClasses off (this component renders them, with agentcloud's scheduling), and the DaemonSet placed on, and
 * tolerating, the Kata sandbox nodes.
 */
export function kataDeployValues(spec: SandboxRuntimesSpec = {}): KataDeployValues {
  const shims = renderedRuntimes(spec).filter(isKata).map((r) => r.replace(/^kata-/, ""));
  return {
    shims: { disableAll: true, ...Object.fromEntries(shims.map((s) => [s, { enabled: true }])) },
    // The chart's default shim (qemu) must be one that is installed.
    defaultShim: { amd64: shims[0] ?? "qemu" },
    runtimeClasses: { enabled: false, createDefault: false },
    nodeSelector: { ...(spec.kataDeployNodeSelector ?? DEFAULT_KATA_DEPLOY_NODE_SELECTOR) },
    tolerations: scheduling(spec, "kata-qemu").tolerations.map((t) => ({ ...t })),
  };
}
