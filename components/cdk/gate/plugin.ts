import { readFileSync } from "node:fs";
import {
  CfnElement,
  Stack,
  Validations,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type Stage,
} from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { problemsMessage } from "../../validation/problems";
import { checkTemplate } from "./check";
import { GATE_NAME, GATE_RULES, type AgentcloudGateProps, type CfnTemplate } from "./spec";
import { validateAgentcloudGateProps } from "./validate";

/** Construct paths of every CloudFormation element, by stack construct path and logical id. */
function constructPaths(root: IConstruct): Map<string, Map<string, string>> {
  const byStack = new Map<string, Map<string, string>>();
  for (const node of root.node.findAll()) {
    if (!CfnElement.isCfnElement(node)) continue;
    const stack = Stack.of(node);
    const id = stack.resolve(node.logicalId) as unknown;
    if (typeof id !== "string") continue;
    const paths = byStack.get(stack.node.path) ?? new Map<string, string>();
    paths.set(id, node.node.path);
    byStack.set(stack.node.path, paths);
  }
  return byStack;
}

/** `Fleet acknowledges agentcloud-gate::<rule>`, for every acknowledgement of one of the gate's rules in the app. */
function gateAcknowledgements(root: IConstruct): string[] {
  return root.node.findAll().flatMap((node) =>
    node.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && typeof m.data === "object" && m.data !== null)
      .flatMap((m) => Object.keys(m.data as object).filter((id) => id.startsWith(`${GATE_NAME}::`)))
      .map((id) => `${node.node.path || "the app"} acknowledges ${id}`),
  );
}

/**
 * agentcloud's rules as an `aws-cdk-lib` policy-validation plugin: after every Aspect (cdk-nag's included) it reads
 * each synthesised template and reports every violation, which fails `cdk synth`. A plugin rather than an Aspect
 * because it judges the CloudFormation that is deployed, whatever construct produced it (L1, L2 or a third party's).
 */
export class AgentcloudGate implements IPolicyValidationPlugin {
  /** The name the validation report shows. */
  public readonly name = GATE_NAME;
  /** The gate's version (agentcloud's rules as of this release). */
  public readonly version = "1.0.0";
  /** The rules it evaluates. */
  public readonly ruleIds: string[] = Object.values(GATE_RULES);
  private readonly props: AgentcloudGateProps;

  /** @throws Error listing every invalid setting, before the gate is usable. */
  constructor(props: AgentcloudGateProps = {}) {
    const problems = validateAgentcloudGateProps(props);
    if (problems.length > 0) throw new Error(problemsMessage("AgentcloudGate", problems));
    this.props = { ...props, additionalRuntimeClasses: [...(props.additionalRuntimeClasses ?? [])] };
  }

  /**
   * Judges every stack's template; `success` is false when any rule is violated.
   * @throws Error when the app acknowledges one of the gate's rules (which would hide its violations).
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The CDK drops acknowledged violations from the report; the gate's only opt-outs are the named ones it reads.
    const acknowledged = gateAcknowledgements(context.appConstruct);
    if (acknowledged.length > 0) {
      throw new Error(
        `${GATE_NAME}: ${acknowledged.join("; ")}, but agentcloud's rules cannot be acknowledged; remove the acknowledgement and ` +
          `fix the violation, or use the rule's named opt-out (annotation agentcloud.dev/unsafe-no-sandbox, tag ` +
          `agentcloud.dev/unsafe-broad-cloud-permissions) with its reason.`,
      );
    }
    const paths = constructPaths(context.appConstruct);
    const violations = context.stackTemplates.flatMap((stack) => {
      const template = JSON.parse(readFileSync(stack.templatePath, "utf8")) as CfnTemplate;
      const own = paths.get(stack.stackConstructPath);
      return checkTemplate(template, this.props, (id) => own?.get(id)).map((f) => ({
        ruleName: f.rule,
        description: f.message,
        fix: f.fix,
        severity: "error",
        violatingResources: [{ resourceLogicalId: f.logicalId, templatePath: stack.templatePath, locations: [f.location] }],
      }));
    });
    return { success: violations.length === 0, violations, pluginVersion: this.version };
  }
}

/** Installs the gate on an App (or Stage): `cdk synth` then fails on any violation of agentcloud's rules. */
export function agentcloudGate(scope: Stage, props: AgentcloudGateProps = {}): AgentcloudGate {
  const gate = new AgentcloudGate(props);
  Validations.of(scope).addPlugins(gate);
  return gate;
}
