import { describe, expect, it } from "vitest";
import { buildAgent, resolveAgent, type AgentArgs } from "../../../../components/kubernetes/agent";
import {
  AGENT_IDENTITY_EXPRESSION,
  AGENT_IDENTITY_MESSAGE_EXPRESSION,
  AGENT_IDENTITY_POLICY_NAME,
  agentIdentityObjects,
  buildAgentIdentityPolicy,
} from "../../../../components/kubernetes/network";
import { invalidObjects } from "../../../helpers/schema";
import { evaluateCel, parseCel, podDenials } from "./admission";
import type { Pod } from "./evaluator";

const TENANT = { "kubernetes.io/metadata.name": "team-a", "agentcloud.dev/tenant": "team-a" };
const OTHER = { "kubernetes.io/metadata.name": "default" };
const LABELS = {
  "app.kubernetes.io/name": "alpha",
  "agentcloud.dev/agent": "alpha",
};
const objects = agentIdentityObjects().map((o) => o.object);
const pod = (serviceAccount: string, labels: Record<string, string> = LABELS): Pod => ({ namespace: "team-a", labels, serviceAccount });
const REJECTED_BY_DEFAULT =
  "Pods in agentcloud tenant namespaces labelled agentcloud.dev/agent=alpha must run as the ServiceAccount of that name, " +
  "not default: the label is the agent's network identity";

describe("the agent-identity admission policy", () => {
  it("is a cluster-wide ValidatingAdmissionPolicy on Pods in tenant namespaces, bound to deny, failing closed", () => {
    const [policy, binding] = buildAgentIdentityPolicy();
    const labels = {
      "app.kubernetes.io/name": "agent-identity.agentcloud.dev",
      "app.kubernetes.io/component": "agent-identity",
      "app.kubernetes.io/part-of": "agentcloud",
      "app.kubernetes.io/managed-by": "agentcloud",
    };
    expect(policy).toEqual({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name: "agent-identity.agentcloud.dev", labels },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: {
          namespaceSelector: { matchExpressions: [{ key: "agentcloud.dev/tenant", operator: "Exists" }] },
          resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }],
        },
        validations: [
          {
            expression: AGENT_IDENTITY_EXPRESSION,
            messageExpression: AGENT_IDENTITY_MESSAGE_EXPRESSION,
            message: "Pods in agentcloud tenant namespaces labelled agentcloud.dev/agent must run as the ServiceAccount that label names",
            reason: "Forbidden",
          },
        ],
      },
    });
    expect(binding).toEqual({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "agent-identity.agentcloud.dev", labels },
      spec: { policyName: AGENT_IDENTITY_POLICY_NAME, validationActions: ["Deny"] },
    });
    expect(agentIdentityObjects().map((o) => [o.role, o.dependsOn])).toEqual([
      ["agent-identity-policy", undefined],
      ["agent-identity-policy-binding", ["agent-identity-policy"]],
    ]);
  });

  it("names the agent label and spec.serviceAccountName in its CEL", () => {
    expect(AGENT_IDENTITY_EXPRESSION).toBe(
      "!has(object.metadata.labels) || !('agentcloud.dev/agent' in object.metadata.labels) || " +
        "(has(object.spec.serviceAccountName) ? object.spec.serviceAccountName : 'default') == object.metadata.labels['agentcloud.dev/agent']",
    );
  });

  it("validates against the Kubernetes schemas", async () => {
    expect(await invalidObjects(objects)).toEqual([]);
  });

  it("rejects a pod that copies an agent's label under another ServiceAccount, naming both", () => {
    expect(podDenials(objects, pod("default"), TENANT)).toEqual([REJECTED_BY_DEFAULT]);
    expect(podDenials(objects, pod("beta"), TENANT)).toEqual([REJECTED_BY_DEFAULT.replace("not default", "not beta")]);
    // With no ServiceAccount set (the API server's ServiceAccount admission sets "default" first anyway).
    expect(evaluateCel(AGENT_IDENTITY_EXPRESSION, { metadata: { namespace: "team-a", labels: LABELS }, spec: {} })).toBe(false);
  });

  it("admits the agent's own pods, pods without the label, and any pod outside tenant namespaces", () => {
    expect(podDenials(objects, pod("alpha"), TENANT)).toEqual([]);
    expect(podDenials(objects, pod("default", { app: "tool" }), TENANT)).toEqual([]);
    expect(evaluateCel(AGENT_IDENTITY_EXPRESSION, { metadata: { namespace: "team-a" }, spec: { serviceAccountName: "x" } })).toBe(true);
    expect(podDenials(objects, { ...pod("default"), namespace: "default" }, OTHER)).toEqual([]);
    // The label alone decides: an empty value is still a value the ServiceAccount must match.
    expect(podDenials(objects, pod("default", { "agentcloud.dev/agent": "" }), TENANT)).toHaveLength(1);
  });

  it("is bound to deny: without its binding (or with a warn-only one) nothing is rejected", () => {
    const [policy, binding] = buildAgentIdentityPolicy();
    expect(podDenials([policy], pod("default"), TENANT)).toEqual([]);
    expect(podDenials([policy, { ...binding, spec: { ...binding.spec, validationActions: ["Warn"] } }], pod("default"), TENANT)).toEqual(
      [],
    );
  });

  it("reads only the CEL it models: anything else fails the test rather than being misread", () => {
    expect(() => parseCel("object.metadata.name.startsWith('a')")).toThrow("CEL outside the modelled subset");
    expect(() => parseCel("size(object.metadata.labels) > 0")).toThrow("CEL outside the modelled subset");
    expect(() => parseCel("object.spec.serviceAccountName == 'a' || request.userInfo.username == 'b'")).toThrow(
      "CEL outside the modelled subset",
    );
    // As in CEL, a missing field is an error, not false: without has() guards the expression would err on unlabelled pods.
    expect(evaluateCel("object.metadata.labels['agentcloud.dev/agent'] == 'a'", { metadata: { namespace: "t" }, spec: {} })).toEqual(
      new Error("no such key: labels"),
    );
  });

  // Every agent pod must pass, or the policy would block the fleet itself: all three workload kinds run as the
  // ServiceAccount named after the agent (the sandbox pool's pods are the SandboxTemplate's pod template, which the
  // agent-sandbox controller copies verbatim).
  it.each<[string, Partial<AgentArgs>, string]>([
    ["deployment", {}, "Deployment"],
    ["statefulset", { workload: "statefulset", storage: { size: "1Gi" } }, "StatefulSet"],
    ["sandbox-pool", { workload: "sandbox-pool" }, "SandboxTemplate"],
  ])("admits the pods of a %s agent", (_, args, kind) => {
    const built = buildAgent(resolveAgent("alpha", { namespace: "team-a", image: "ghcr.io/acme/a:1", ...args }));
    const workload = built.find((o) => o.object.kind === kind)!.object as {
      spec: { template?: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string } } } & {
        podTemplate?: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string } };
      };
    };
    const template = workload.spec.template ?? workload.spec.podTemplate!;
    expect(template.spec.serviceAccountName).toBe("alpha");
    expect(template.metadata.labels["agentcloud.dev/agent"]).toBe("alpha");
    expect(podDenials(objects, pod(template.spec.serviceAccountName, template.metadata.labels), TENANT)).toEqual([]);
    expect(built.find((o) => o.object.kind === "ServiceAccount")!.object.metadata?.name).toBe("alpha");
  });
});
