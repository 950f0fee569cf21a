/** Calls policies directly to read their not-applicable reasons, which the harness only counts. */
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../../policies/all";
import type { AnyPolicy } from "../../cli/policy-harness";
import type { Registration } from "../../cli/mock-runtime";

/** The policy of the pack with this name. */
export function policyByName(name: string): AnyPolicy {
  const policy = policies.find((p) => p.name === name);
  if (policy === undefined) throw new Error(`no policy ${name}`);
  return policy;
}

class NotApplicable extends Error {}

/** Policy name to the not-applicable reasons it gave, for a handful of policies (one per kind of applicability). */
export function reasonsFor(registrations: Registration[]): Record<string, string[]> {
  const names = [
    "agentcloud-identity-no-token-automount",
    "agentcloud-images-no-latest-tag",
    "agentcloud-kubernetes-no-removed-apis",
    "agentcloud-network-default-deny",
    "agentcloud-sandbox-runtime-class-handler",
  ];
  const resources = registrations.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }));
  const reasons: Record<string, string[]> = {};
  const notApplicable =
    (name: string) =>
    (reason?: string): never => {
      (reasons[name] ??= []).push(reason ?? "");
      throw new NotApplicable();
    };
  const getConfig = <T>() => ({ platformRuntimeClasses: [], additionalHandlers: [] }) as T;
  for (const name of names) {
    const policy = policyByName(name);
    const attempt = (run: () => unknown) => {
      try {
        void run();
      } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
      }
    };
    if ("validateStack" in policy) {
      const args = { resources, getConfig, notApplicable: notApplicable(name), stackTags: new Map() } as unknown as StackValidationArgs;
      attempt(() => policy.validateStack(args, () => undefined));
    } else {
      const validate = policy.validateResource as (args: ResourceValidationArgs, report: () => void) => unknown;
      for (const r of resources) {
        const args = { ...r, getConfig, notApplicable: notApplicable(name), stackTags: new Map() } as unknown as ResourceValidationArgs;
        attempt(() => validate(args, () => undefined));
      }
    }
  }
  return reasons;
}
