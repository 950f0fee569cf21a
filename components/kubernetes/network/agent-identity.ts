import type {
  NamedRuleWithOperations,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from "kubernetes-types/admissionregistration/v1";
import { LABELS } from "../../vocabulary";
import { denyingAdmissionPolicy } from "../admission";
import { standardLabels } from "../labels";
import type { BuiltObject } from "../objects";

// The agents' NetworkPolicies admit peers by the agent label, and Cilium unions them with the Cilium policies (which
// also name the ServiceAccount), so on its own the label would be an identity anyone creating pods could copy. Every
// agent pod runs as the ServiceAccount named after its agent (agent/pod.ts `serviceAccountName: agent.name`, shared by
// the Deployment, the StatefulSet and the sandbox pool's SandboxTemplate, whose pod template the agent-sandbox
// controller copies into each sandbox's Pod: kubernetes-sigs/agent-sandbox controllers/sandbox_controller.go builds the
// Pod from `sandbox.Spec.PodTemplate.Spec.DeepCopy()` and the template's labels). Admission makes that an invariant in tenant namespaces: label and
// ServiceAccount always agree, so the label means the ServiceAccount.

/** Name of the cluster-wide ValidatingAdmissionPolicy (and its binding) that ties the agent label to the ServiceAccount. */
export const AGENT_IDENTITY_POLICY_NAME = "agent-identity.agentcloud.dev";

/**
 * The policy's validation: a Pod without the agent label passes; one with it passes only if its ServiceAccount has
 * that name. After mutating admission `spec.serviceAccountName` is always set (the ServiceAccount admission plugin
 * fills in `default`), but the expression does not rely on it.
 */
export const AGENT_IDENTITY_EXPRESSION =
  `!has(object.metadata.labels) || !('${LABELS.agent}' in object.metadata.labels) || ` +
  `(has(object.spec.serviceAccountName) ? object.spec.serviceAccountName : 'default') == object.metadata.labels['${LABELS.agent}']`;

/** The message a rejected Pod gets (CEL `messageExpression`, so it names the label value and the ServiceAccount). */
export const AGENT_IDENTITY_MESSAGE_EXPRESSION =
  `'Pods in agentcloud tenant namespaces labelled ${LABELS.agent}=' + object.metadata.labels['${LABELS.agent}'] + ` +
  `' must run as the ServiceAccount of that name, not ' + ` +
  `(has(object.spec.serviceAccountName) ? object.spec.serviceAccountName : 'default') + ` +
  `': the label is the agent\\'s network identity'`;

// kubernetes-types' NamedRuleWithOperations lacks `resources` (the API's field).
const POD_RULE: NamedRuleWithOperations & { resources: string[] } = {
  apiGroups: [""],
  apiVersions: ["v1"],
  operations: ["CREATE", "UPDATE"],
  resources: ["pods"],
};

/**
 * A cluster-wide ValidatingAdmissionPolicy and its binding (`admissionregistration.k8s.io/v1`, Kubernetes 1.30+): in
 * every namespace labelled `agentcloud.dev/tenant`, a Pod (CREATE, UPDATE: labels can change, the ServiceAccount
 * cannot) whose `agentcloud.dev/agent` label is set must run as the ServiceAccount of that name. Fails closed
 * (`failurePolicy: Fail`, `validationActions: ["Deny"]`).
 */
export function buildAgentIdentityPolicy(): [ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding] {
  const name = AGENT_IDENTITY_POLICY_NAME;
  return denyingAdmissionPolicy(name, standardLabels(name, "agent-identity"), {
    matchConstraints: {
      namespaceSelector: { matchExpressions: [{ key: LABELS.tenant, operator: "Exists" }] },
      resourceRules: [POD_RULE],
    },
    validations: [
      {
        expression: AGENT_IDENTITY_EXPRESSION,
        messageExpression: AGENT_IDENTITY_MESSAGE_EXPRESSION,
        message: `Pods in agentcloud tenant namespaces labelled ${LABELS.agent} must run as the ServiceAccount that label names`,
        reason: "Forbidden",
      },
    ],
  });
}

/** The admission objects of the fleet's network, on every fabric (the agents' NetworkPolicies rely on them too). */
export function agentIdentityObjects(): BuiltObject[] {
  const [policy, binding] = buildAgentIdentityPolicy();
  return [
    { role: "agent-identity-policy", object: policy },
    { role: "agent-identity-policy-binding", object: binding, dependsOn: ["agent-identity-policy"] },
  ];
}
