import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { hasValidOptOut, validateAgentTemplates } from "../lib/agents";
import { nameList, strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { OBJECT_NAME, shown } from "../lib/messages";
import { parseType } from "../lib/kinds";
import { describeTemplate, record, text } from "../lib/pod-templates";

/** Policy configuration. */
export interface RuntimeClassHandlerConfig {
  /**
   * RuntimeClass names the platform provides outside this stack (e.g. `gvisor` on GKE Sandbox, whose handler is
   * `gvisor`); agents may use them without a RuntimeClass in the stack. The same list as the stack's
   * `platformRuntimeClasses`.
   * @default []
   */
  platformRuntimeClasses?: string[];
  /**
   * Further handlers that count as sandboxes, besides `runsc` (gVisor) and `kata` / `kata-*` (Kata Containers).
   * @default []
   */
  additionalHandlers?: string[];
}

const RUNTIME_CLASS = { "node.k8s.io": { RuntimeClass: true } } as const;

/** gVisor's OCI runtime, and Kata Containers' shims as kata-deploy names them. */
export function isSandboxHandler(handler: string, extra: readonly string[]): boolean {
  return handler === "runsc" || handler === "kata" || handler.startsWith("kata-") || extra.includes(handler);
}

/** Every RuntimeClass the stack defines, by name: each definition's handler (undefined when it sets none). */
function runtimeClasses(resources: readonly PolicyResource[]): Map<string, (string | undefined)[]> {
  const byName = new Map<string, (string | undefined)[]>();
  for (const resource of resources) {
    const parsed = parseType(resource.type, RUNTIME_CLASS);
    if (parsed === undefined) continue;
    const props = record(resource.props);
    const objects = parsed.variant === "list" ? (Array.isArray(props.items) ? (props.items as unknown[]) : []) : [props];
    for (const object of objects) {
      const name = text(record(record(object).metadata).name) ?? (parsed.variant === "list" ? undefined : resource.name);
      if (name === undefined) continue;
      byName.set(name, [...(byName.get(name) ?? []), text(record(object).handler)]);
    }
  }
  return byName;
}

/**
 * A RuntimeClass's name says nothing about its isolation: `gvisor` with handler `runc` is no sandbox. Every
 * RuntimeClass an agent uses must be defined in the stack with a sandbox handler, or be one the platform provides.
 */
export const runtimeClassHandler: StackValidationPolicy = {
  name: "agentcloud-sandbox-runtime-class-handler",
  description:
    "Every RuntimeClass an agent runs under must be defined in the stack with a sandbox handler (runsc, kata or kata-*, " +
    "or a configured extra), or be listed in this policy's platformRuntimeClasses config.",
  enforcementLevel: "mandatory",
  severity: "high",
  framework: owaspAgenticTop10("ASI05 Unexpected Code Execution: run agent-generated code in an isolated sandbox"),
  tags: ["owasp-agentic-top10:ASI05", "cis-gke-1.6:5.10.3", "agent-sandbox"],
  remediationSteps:
    "Define the RuntimeClass in the stack with handler runsc (gVisor) or a kata-* handler (agentcloud's SandboxRuntimes " +
    "does), or, when the platform creates it (GKE Sandbox's gvisor), list its name in this policy's platformRuntimeClasses " +
    "config. Add a site-specific sandbox handler to additionalHandlers only after checking that it isolates the kernel.",
  configSchema: strictConfigSchema({
    platformRuntimeClasses: nameList("RuntimeClass names the platform provides outside the stack (e.g. [gvisor] on GKE Sandbox)."),
    additionalHandlers: nameList("Handlers accepted as sandboxes in addition to runsc, kata and kata-*."),
  }),
  validateStack: (args, report) => {
    const config = args.getConfig<RuntimeClassHandlerConfig>();
    const platform = config.platformRuntimeClasses ?? [];
    const extra = config.additionalHandlers ?? [];
    const defined = runtimeClasses(args.resources);
    validateAgentTemplates(({ template, why }, _args, reportAt) => {
      const name = text(template.spec.runtimeClassName);
      if (name === undefined || hasValidOptOut(template)) return;
      const handlers = defined.get(name);
      const subject = `${describeTemplate(template)} is an agent (${why}) and runs under RuntimeClass ${shown(name, OBJECT_NAME, "(an invalid name)")}`;
      if (handlers === undefined) {
        if (!platform.includes(name)) {
          reportAt(
            `${subject}, which this stack does not define and the platform does not provide; define it with a sandbox ` +
              "handler (runsc or kata-*) or list it in platformRuntimeClasses.",
          );
        }
        return;
      }
      if (handlers.some((handler) => handler === undefined || !isSandboxHandler(handler, extra))) {
        const listed = handlers
          .map((handler) => (handler === undefined ? "none" : shown(handler, OBJECT_NAME, "an invalid name")))
          .join(", ");
        reportAt(`${subject}, whose handler (${listed}) is not a sandbox; use handler runsc (gVisor) or kata-* (Kata Containers).`);
      }
    })(args, report);
  },
};
