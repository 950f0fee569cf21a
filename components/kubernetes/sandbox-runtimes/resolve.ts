import { KATA_RUNTIMES, SANDBOX_RUNTIMES, type KataRuntime, type SandboxRuntime } from "../../vocabulary";
import {
  DEFAULT_GVISOR_SCHEDULING,
  DEFAULT_KATA_SCHEDULING,
  DEFAULT_SANDBOX_RUNTIMES,
  type RuntimeScheduling,
  type SandboxRuntimesSpec,
} from "./spec";

/** Whether a runtime is one of the Kata classes. */
export function isKata(runtime: SandboxRuntime): runtime is KataRuntime {
  return (KATA_RUNTIMES as readonly string[]).includes(runtime);
}

/** The scheduling of a runtime's family: each field given in the spec, else the family default. */
export function runtimeScheduling(spec: SandboxRuntimesSpec, runtime: SandboxRuntime): Required<RuntimeScheduling> {
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
