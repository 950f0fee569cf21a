import { describe, expect, it } from "vitest";
import { validateAgentArgs } from "../../../components/kubernetes/agent/validate";
import { validateAgentNamespaceSpec } from "../../../components/kubernetes/agent-namespace/validate";
import { validateAgentSandboxControllerSpec } from "../../../components/kubernetes/agent-sandbox/validate";
import { validateSandboxRuntimesSpec } from "../../../components/kubernetes/sandbox-runtimes/validate";
import { formatProblem } from "../../../components/validation";

const TENANT = { namespace: "team-a", owner: "platform", costCentre: "cc-1" };
const AGENT = { namespace: "agents", image: "ghcr.io/acme/agent:1.0.0" };

// One rule, one answer: components that check the same kind of value agree (they call the same shared check).
describe("components agree on shared rules", () => {
  it('extended resource names: "example/gpu" is valid everywhere, kubernetes.io names nowhere', () => {
    expect(validateAgentNamespaceSpec({ ...TENANT, quota: { gpuResource: "example/gpu" } })).toEqual([]);
    expect(validateAgentArgs("a", { ...AGENT, platform: { gpu: { resourceName: "example/gpu" } } })).toEqual([]);
    const rejected = 'is not an extended resource name (domain/name) (got "kubernetes.io/gpu"); fix: use a name like "nvidia.com/gpu"';
    expect(validateAgentNamespaceSpec({ ...TENANT, quota: { gpuResource: "kubernetes.io/gpu" } }).map(formatProblem)).toEqual([
      `quota.gpuResource: ${rejected}`,
    ]);
    expect(validateAgentArgs("a", { ...AGENT, platform: { gpu: { resourceName: "kubernetes.io/gpu" } } }).map(formatProblem)).toEqual([
      `platform.gpu.resourceName: ${rejected}`,
    ]);
  });

  it("a request above its limit is reported the same way by Agent, AgentNamespace and the controller", () => {
    expect(validateAgentArgs("a", { ...AGENT, resources: { memory: "2Gi" }, limits: { memory: "1Gi" } }).map(formatProblem)).toEqual([
      'resources.memory: must not exceed limits.memory (1Gi) (got "2Gi"); fix: lower resources.memory or raise limits.memory',
    ]);
    expect(validateAgentNamespaceSpec({ ...TENANT, limits: { defaultRequest: { memory: "4Gi" } } }).map(formatProblem)).toEqual([
      'limits.defaultRequest.memory: must not exceed limits.default.memory (2Gi) (got "4Gi"); fix: lower limits.defaultRequest.memory or raise limits.default.memory',
    ]);
    expect(validateAgentSandboxControllerSpec({ resources: { requests: { memory: "1Gi" } } }).map(formatProblem)).toEqual([
      'resources.requests.memory: must not exceed resources.limits.memory (512Mi) (got "1Gi"); fix: lower resources.requests.memory or raise resources.limits.memory',
    ]);
  });

  it("true or false", () => {
    expect(validateAgentSandboxControllerSpec({ installCrds: "yes" as never }).map(formatProblem)).toEqual([
      'installCrds: must be true or false (got "yes"); fix: set installCrds to true or false',
    ]);
    expect(validateSandboxRuntimesSpec({ installKata: 1 as never }).map(formatProblem)).toEqual([
      "installKata: must be true or false (got 1); fix: set installKata to true or false",
    ]);
  });

  it("quantities that are not finite are rejected everywhere", () => {
    expect(validateAgentNamespaceSpec({ ...TENANT, quota: { cpu: "1e400" } }).map((p) => p.problem)).toEqual([
      "is not a finite quantity (too large to represent)",
    ]);
    expect(validateAgentArgs("a", { ...AGENT, resources: { cpu: "1e400" } }).map((p) => p.problem)).toEqual([
      "is not a finite quantity (too large to represent)",
    ]);
    expect(validateAgentSandboxControllerSpec({ resources: { limits: { cpu: "1e400" } } }).map((p) => p.problem)).toEqual([
      "is not a finite quantity (too large to represent)",
    ]);
  });
});
