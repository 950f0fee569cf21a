import type { Registration } from "./mock-runtime";

/**
 * `@pulumi/kubernetes` components whose children only the real engine creates: remote (multi-language)
 * components, or ones that render through the provider's `helm template`, `yaml decode` or `kustomize` invokes.
 * Under the mock runtime they register as one empty component, so their objects would never reach
 * `manifests/` or the policies.
 */
export const UNPLANNABLE_COMPONENTS: Readonly<Record<string, { what: string; fix: string }>> = {
  "kubernetes:yaml/v2:ConfigGroup": {
    what: "yaml.v2.ConfigGroup",
    fix: "declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))",
  },
  "kubernetes:yaml/v2:ConfigFile": {
    what: "yaml.v2.ConfigFile",
    fix: "declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))",
  },
  "kubernetes:yaml:ConfigGroup": {
    what: "yaml.ConfigGroup",
    fix: "declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))",
  },
  "kubernetes:yaml:ConfigFile": {
    what: "yaml.ConfigFile",
    fix: "declare the objects as typed resources (e.g. new k8s.apps.v1.Deployment(...))",
  },
  "kubernetes:helm.sh/v2:Chart": {
    what: "helm.v2.Chart",
    fix: "use k8s.helm.v3.Release, whose chart, version and values the plan records",
  },
  "kubernetes:helm.sh/v3:Chart": {
    what: "helm.v3.Chart",
    fix: "use k8s.helm.v3.Release, whose chart, version and values the plan records",
  },
  "kubernetes:helm.sh/v4:Chart": {
    what: "helm.v4.Chart",
    fix: "use k8s.helm.v3.Release, whose chart, version and values the plan records",
  },
  "kubernetes:kustomize:Directory": {
    what: "kustomize.Directory",
    fix: "declare the objects as typed resources, or render them with kustomize and declare those",
  },
  "kubernetes:kustomize/v2:Directory": {
    what: "kustomize.v2.Directory",
    fix: "declare the objects as typed resources, or render them with kustomize and declare those",
  },
};

/**
 * One line per registration that the offline plan cannot expand: the resource, why, and the fix.
 * Empty when the plan is complete.
 */
export function unplannableProblems(registrations: readonly Registration[]): string[] {
  return registrations.flatMap((r) => {
    const known = UNPLANNABLE_COMPONENTS[r.type];
    if (!known) return [];
    return [
      `${known.what} "${r.name}" (${r.type}): its objects are rendered by the Kubernetes provider at deploy time, which an offline plan cannot run, so they would reach neither manifests/ nor the policies; fix: ${known.fix}`,
    ];
  });
}
