import { describe, expect, it } from "vitest";
import { validateAgentArgs } from "../../../../components/kubernetes/agent";
import { formatProblem } from "../../../../components/validation";
import { BASE, GPU_PLATFORM } from "./fixtures";

const lines = (name: string, args: Parameters<typeof validateAgentArgs>[1]) => validateAgentArgs(name, args).map(formatProblem);

describe("validateAgentArgs", () => {
  it("accepts a minimal declaration and each workload kind used correctly", () => {
    expect(validateAgentArgs("coder", BASE)).toEqual([]);
    expect(validateAgentArgs("memory", { ...BASE, workload: "statefulset", storage: { size: "10Gi" }, sandbox: "kata-qemu" })).toEqual([]);
    expect(validateAgentArgs("interp", { ...BASE, workload: "sandbox-pool", warmPool: 0 })).toEqual([]);
    expect(validateAgentArgs("gpu", { ...BASE, resources: { gpu: 1 }, platform: GPU_PLATFORM })).toEqual([]);
  });

  it("reports every problem at once, each with argument, value and fix", () => {
    expect(lines("Bad_Name", {
      ...BASE, image: "not an image", replicas: 0, sandbox: "firecracker" as never,
      resources: { cpu: "lots", memory: "-1Gi" }, workload: "statefulset",
    })).toEqual([
      'name: must be a DNS-1123 label of at most 45 characters (lower-case letters, digits and \'-\', starting and ending with a letter or digit) (got "Bad_Name"); fix: use a name like "my-agent"',
      'image: is not a container image reference (got "not an image"); fix: use a reference like "ghcr.io/acme/agent:1.2.3"',
      "replicas: must be a whole number from 1 to 1000 (got 0); fix: set replicas to a whole number from 1 to 1000",
      'storage: is required for a statefulset agent (got undefined); fix: add storage: { size: "10Gi" }, or use workload "deployment"',
      'sandbox: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc", "none" (got "firecracker"); fix: set sandbox to one of those',
      'resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
      'resources.memory: must be greater than zero (got "-1Gi"); fix: use a positive quantity like "512Mi"',
    ]);
  });

  it("requires a named opt-out to run without a sandbox, and refuses a contradictory one", () => {
    expect(lines("raw", { ...BASE, sandbox: "none" })).toEqual([
      'sandbox: runs agent code without a sandbox, which needs an explicit opt-out (got "none"); fix: pick a sandbox ("gvisor", "kata-qemu", ...) or set unsafeNoSandbox: { reason: "why" }',
    ]);
    expect(validateAgentArgs("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "needs /dev/kvm" } })).toEqual([]);
    expect(lines("x", { ...BASE, unsafeNoSandbox: { reason: "r" } })).toEqual([
      'unsafeNoSandbox: contradicts sandbox "gvisor" (got {"reason":"r"}); fix: remove unsafeNoSandbox, or set sandbox: "none"',
    ]);
  });

  it("rejects GPU shares without GPU nodes or under Kata", () => {
    expect(lines("g", { ...BASE, resources: { gpu: 1 } })).toEqual([
      "resources.gpu: asks for GPU shares but the platform has no GPU nodes (got 1); fix: add GPU nodes (platform.gpu, set by the cloud layer's GPU node pool) or remove resources.gpu",
    ]);
    expect(validateAgentArgs("g", { ...BASE, sandbox: "kata-clh", resources: { gpu: 2 }, platform: GPU_PLATFORM }).map((p) => p.problem)).toEqual([
      'GPU shares are not supported under sandbox "kata-clh" (the Kata shims agentcloud renders have no GPU passthrough)',
    ]);
    expect(validateAgentArgs("g", { ...BASE, resources: { gpu: 0.5 } }).map((p) => p.argument)).toEqual(["resources.gpu"]);
  });

  it("keeps workload-specific arguments to their workload", () => {
    expect(validateAgentArgs("a", { ...BASE, storage: { size: "1Gi" }, warmPool: 3 }).map((p) => p.argument)).toEqual(["warmPool", "storage"]);
    expect(validateAgentArgs("a", { ...BASE, workload: "sandbox-pool", replicas: 2 }).map((p) => p.argument)).toEqual(["replicas"]);
    expect(validateAgentArgs("a", { ...BASE, workload: "statefulset", storage: { size: "big", mountPath: "data" } }).map((p) => p.argument))
      .toEqual(["storage.size", "storage.mountPath"]);
  });

  it("validates the reserved declaration fields later layers consume", () => {
    const problems = validateAgentArgs("a", {
      ...BASE,
      tools: [{ server: "GitHub", tools: [] }],
      delegatesTo: [{ agent: "a" }, { agent: "b", port: 70000 }],
      egress: ["api.github.com", "http://evil"],
      cloudPermissions: [{ cloud: "aws", actions: ["s3:*"], resources: ["*"] }],
      env: { AGENTCLOUD_TOKEN_FILE: "x", "1BAD": "y" },
    });
    expect(problems.map((p) => p.argument)).toEqual([
      "env.AGENTCLOUD_TOKEN_FILE", "env.1BAD", "delegatesTo[0].agent", "delegatesTo[1].port", "tools[0].server", "tools[0].tools",
      "egress[1]", "cloudPermissions[0].actions", "cloudPermissions[0].resources",
    ]);
  });
});

describe("validateAgentArgs platform injection", () => {
  it("checks GPU placement and pod labels the cloud layer injects", () => {
    expect(validateAgentArgs("a", {
      ...BASE,
      platform: {
        gpu: { resourceName: "gpu", nodeSelector: { "bad key!": "x" }, tolerations: [{ key: "k", operator: "Exists", value: "v" }] },
        podLabels: { team: "has space" },
      },
    }).map((p) => p.argument)).toEqual([
      'platform.gpu.nodeSelector["bad key!"]', "platform.gpu.tolerations[0].value", "platform.gpu.resourceName", 'platform.podLabels["team"]',
    ]);
  });
});
