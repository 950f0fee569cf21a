import type {
  EnforcementLevel,
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Registration } from "./mock-runtime";
import { redactText, revealSecrets, secretValues } from "./secrets";

/** A policy as the pack holds it: resource or stack validation. */
export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Policy pack configuration in Pulumi's `--policy-pack-config` shape: `all` and per-policy levels. */
export type PolicyPackConfig = Record<string, EnforcementLevel | { enforcementLevel?: EnforcementLevel; [key: string]: unknown }>;

/** One reported violation. */
export interface Violation {
  policy: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: string;
  message: string;
  urn?: string;
  resourceType?: string;
  resourceName?: string;
}

/** The outcome of evaluating a pack against one program's registrations. */
export interface PolicyEvaluation {
  violations: Violation[];
  /** Policy name to its effective level, for every policy in the pack. */
  levels: Record<string, EnforcementLevel>;
  /** Policy name to the number of resources it did not apply to. */
  notApplicable: Record<string, number>;
}

class NotApplicable extends Error {}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason ?? "Policy does not apply");
}

/** Effective enforcement level: the policy's own config, then `all`, then the policy's default, then advisory. */
export function effectiveLevel(policy: Policy, config: PolicyPackConfig = {}): EnforcementLevel {
  const own = config[policy.name];
  const ownLevel = typeof own === "string" ? own : own?.enforcementLevel;
  const all = config.all;
  const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
  const level = ownLevel ?? allLevel ?? policy.enforcementLevel ?? "advisory";
  return level === "remediate" ? "mandatory" : level;
}

function policyConfig(policy: Policy, config: PolicyPackConfig): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema && typeof schema === "object" && "default" in schema) defaults[key] = (schema as { default: unknown }).default;
  }
  const own = config[policy.name];
  const { enforcementLevel: _ignored, ...rest } = typeof own === "object" && own ? own : {};
  return { ...defaults, ...rest };
}

const unsupported = (what: string) => () => {
  throw new Error(`${what} is not available in the offline policy harness; judge resources by type and props`);
};

/**
 * One policy resource per registration, in registration order (so `resources[i]` is `registrations[i]`, whatever
 * the URNs). Parents and dependencies link by URN; with duplicate URNs (which the recorder rejects) the first wins.
 */
function toPolicyResources(registrations: readonly Registration[]): PolicyResource[] {
  const resources = registrations.map(
    (r) =>
      ({
        type: r.type,
        props: revealSecrets(r.inputs),
        urn: r.urn,
        name: r.name,
        opts: {
          protect: false,
          ignoreChanges: [],
          aliases: [],
          customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: unsupported("isType"),
        asType: unsupported("asType"),
      }) as PolicyResource,
  );
  const byUrn = new Map<string, PolicyResource>();
  resources.forEach((res) => {
    if (!byUrn.has(res.urn)) byUrn.set(res.urn, res);
  });
  registrations.forEach((r, i) => {
    if (r.parent) resources[i].parent = byUrn.get(r.parent);
    resources[i].dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
  });
  return resources;
}

/**
 * Evaluates a policy pack in-process, as the Pulumi engine's analyzer would: resource policies see every
 * custom resource's inputs, stack policies see all resources at once. Policies that throw fail the plan.
 */
export async function evaluatePolicies(
  policies: readonly AnyPolicy[],
  registrations: readonly Registration[],
  config: PolicyPackConfig = {},
): Promise<PolicyEvaluation> {
  const violations: Violation[] = [];
  const levels: Record<string, EnforcementLevel> = {};
  const notApplicable: Record<string, number> = {};
  const resources = toPolicyResources(registrations);
  const custom = resources.filter((_, i) => registrations[i].custom);
  const byUrn = new Map<string, PolicyResource>();
  for (const r of resources) if (!byUrn.has(r.urn)) byUrn.set(r.urn, r);
  // Policies see real values; what they report must not carry them into the report or the console.
  const secrets = secretValues(registrations.map((r) => r.inputs));

  for (const policy of policies) {
    const level = effectiveLevel(policy, config);
    levels[policy.name] = level;
    if (level === "disabled") continue;
    const report = (resource?: PolicyResource) => (message: string, urn?: string) => {
      const target = urn ? byUrn.get(urn) : resource;
      violations.push({
        policy: policy.name,
        description: policy.description,
        enforcementLevel: level,
        severity: policy.severity ?? "medium",
        message: redactText(message, secrets),
        urn: target?.urn ?? urn,
        resourceType: target?.type,
        resourceName: target?.name,
      });
    };
    const getConfig = <T extends object>() => policyConfig(policy, config) as T;

    if ("validateResource" in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const resource of custom) {
        for (const validate of validations) {
          const args: ResourceValidationArgs = {
            type: resource.type,
            props: resource.props,
            urn: resource.urn,
            name: resource.name,
            opts: resource.opts,
            stackTags: new Map(),
            isType: unsupported("isType"),
            asType: unsupported("asType"),
            getConfig,
            notApplicable: throwNotApplicable,
          };
          try {
            await validate(args, report(resource));
          } catch (e) {
            if (!(e instanceof NotApplicable))
              throw new Error(
                `policy ${policy.name} failed on ${resource.urn}: ${redactText(String((e as Error)?.message ?? e), secrets)}`,
              );
            notApplicable[policy.name] = (notApplicable[policy.name] ?? 0) + 1;
          }
        }
      }
    }
    if ("validateStack" in policy && policy.validateStack) {
      const args: StackValidationArgs = { resources, stackTags: new Map(), getConfig, notApplicable: throwNotApplicable };
      try {
        await policy.validateStack(args, report());
      } catch (e) {
        if (!(e instanceof NotApplicable))
          throw new Error(`policy ${policy.name} failed: ${redactText(String((e as Error)?.message ?? e), secrets)}`);
        notApplicable[policy.name] = (notApplicable[policy.name] ?? 0) + 1;
      }
    }
  }
  violations.sort(
    (a, b) => a.policy.localeCompare(b.policy) || (a.urn ?? "").localeCompare(b.urn ?? "") || a.message.localeCompare(b.message),
  );
  return { violations, levels, notApplicable };
}
