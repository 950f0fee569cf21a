import type { RuntimeClass } from "kubernetes-types/node/v1";
import type { SandboxRuntime } from "../../vocabulary";
import { standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import { renderedRuntimes, runtimeScheduling } from "./resolve";
import type { SandboxRuntimesSpec } from "./spec";

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

/** gVisor's handler is its OCI runtime binary; kata-deploy names each handler after its class. */
function handler(runtime: SandboxRuntime): string {
  return runtime === "gvisor" ? "runsc" : runtime;
}

/** One RuntimeClass per rendered runtime, with the runtime's pod overhead and the scheduling of its family. */
export function buildRuntimeClasses(spec: SandboxRuntimesSpec = {}): RuntimeClass[] {
  return renderedRuntimes(spec).map((runtime) => {
    const { nodeSelector, tolerations } = runtimeScheduling(spec, runtime);
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

/** The RuntimeClasses as the component registers them, each under its runtime's name. */
export function buildSandboxRuntimes(spec: SandboxRuntimesSpec = {}): BuiltObject<RuntimeClass>[] {
  return buildRuntimeClasses(spec).map((object) => ({ role: object.metadata!.name!, object }));
}
