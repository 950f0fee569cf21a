import type { Toleration } from "kubernetes-types/core/v1";
import { isKata, renderedRuntimes, runtimeScheduling } from "./resolve";
import { DEFAULT_KATA_DEPLOY_NODE_SELECTOR, type SandboxRuntimesSpec } from "./spec";

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
  const shims = renderedRuntimes(spec)
    .filter(isKata)
    .map((r) => r.replace(/^kata-/, ""));
  return {
    shims: { disableAll: true, ...Object.fromEntries(shims.map((s) => [s, { enabled: true }])) },
    // The chart's default shim (qemu) must be one that is installed.
    defaultShim: { amd64: shims[0] ?? "qemu" },
    runtimeClasses: { enabled: false, createDefault: false },
    nodeSelector: { ...(spec.kataDeployNodeSelector ?? DEFAULT_KATA_DEPLOY_NODE_SELECTOR) },
    tolerations: runtimeScheduling(spec, "kata-qemu").tolerations.map((t) => ({ ...t })),
  };
}
