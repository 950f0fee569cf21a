import { describe, expect, it } from "vitest";
import { validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { formatProblem } from "../../../../components/validation";
import { BASE, GPU_PLATFORM } from "./fixtures";

const lines = (name: string, args: AgentArgs) => validateAgentArgs(name, args).map(formatProblem);
const NAME_RULE =
  "must be a DNS-1123 label of at most 45 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)";

describe("validateAgentArgs", () => {
  it("accepts a minimal declaration and each workload kind used correctly", () => {
    expect(validateAgentArgs("coder", BASE)).toEqual([]);
    expect(
      validateAgentArgs("memory", {
        ...BASE,
        workload: "statefulset",
        storage: { size: "10Gi", storageClassName: "ebs.csi.gp3", mountPath: "/var/lib/agent" },
        sandbox: "kata-qemu",
      }),
    ).toEqual([]);
    expect(validateAgentArgs("interp", { ...BASE, workload: "sandbox-pool", warmPool: 0 })).toEqual([]);
    expect(validateAgentArgs("gpu", { ...BASE, resources: { gpu: 1 }, platform: GPU_PLATFORM })).toEqual([]);
    expect(validateAgentArgs("gpu", { ...BASE, resources: { gpu: 0 }, sandbox: "kata-clh" })).toEqual([]);
    expect(
      validateAgentArgs("x", {
        ...BASE,
        replicas: 1000,
        port: 65535,
        runAsUser: 2147483647,
        tokenAudience: "gateway",
        intent: "batch",
        command: ["/app"],
        args: ["--serve"],
      }),
    ).toEqual([]);
    expect(validateAgentArgs("x".repeat(45), BASE)).toEqual([]);
  });

  it("reports every problem at once, each with argument, value and fix", () => {
    expect(
      lines("Bad_Name", {
        ...BASE,
        image: "not an image",
        replicas: 0,
        sandbox: "firecracker" as never,
        resources: { cpu: "lots", memory: "-1Gi" },
        workload: "statefulset",
      }),
    ).toEqual([
      `name: ${NAME_RULE} (got "Bad_Name"); fix: use a name like "my-agent"`,
      'image: is not a container image reference (got "not an image"); fix: use a reference like "ghcr.io/acme/agent:1.2.3"',
      "replicas: must be a whole number from 1 to 1000 (got 0); fix: set replicas to a whole number from 1 to 1000",
      'storage: is required for a statefulset agent (got undefined); fix: add storage: { size: "10Gi" }, or use workload "deployment"',
      'sandbox: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc", "none" (got "firecracker"); fix: set sandbox to one of those',
      'resources.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
      'resources.memory: must be greater than zero (got "-1Gi"); fix: use a positive quantity like "512Mi"',
    ]);
  });

  it("names agentName when it is given, and allows 45 characters", () => {
    expect(lines("ok", { ...BASE, agentName: "a".repeat(46) })).toEqual([
      `agentName: ${NAME_RULE} (got "${"a".repeat(46)}"); fix: use a name like "my-agent"`,
    ]);
    expect(validateAgentArgs("Bad", { ...BASE, agentName: "good" })).toEqual([]);
  });

  it("checks the container's command, args, port, namespace, UID and token audience", () => {
    expect(
      lines("a", {
        ...BASE,
        namespace: "Agents",
        command: ["/app", ""],
        args: "--serve" as never,
        port: 0,
        workload: "job" as never,
        intent: "urgent" as never,
        runAsUser: 0,
        tokenAudience: " ",
      }),
    ).toEqual([
      `namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "Agents"); fix: use a name like "my-agent"`,
      'command: must be a list of non-empty strings (got ["/app",""]); fix: use a list like ["/app/agent"]',
      'args: must be a list of non-empty strings (got "--serve"); fix: use a list like ["--serve"]',
      "port: must be a whole number from 1 to 65535 (got 0); fix: set port to a whole number from 1 to 65535",
      'workload: must be one of "deployment", "statefulset", "sandbox-pool" (got "job"); fix: set workload to one of those',
      'intent: must be one of "critical", "standard", "batch" (got "urgent"); fix: set intent to one of those',
      "runAsUser: must be a whole number from 1 to 2147483647 (got 0); fix: set runAsUser to a whole number from 1 to 2147483647",
      'tokenAudience: must be a non-empty string (got " "); fix: use a value like "agentcloud"',
    ]);
    expect(lines("a", null as never)).toEqual(["args: must be an object (got null); fix: pass { namespace, image, ... }"]);
  });

  it("requires a named opt-out with a reason to run without a sandbox, and refuses a contradictory one", () => {
    const needsOptOut =
      'sandbox: runs agent code without a sandbox, which needs an explicit opt-out (got "none"); fix: pick a sandbox ("gvisor", "kata-qemu", ...) or set unsafeNoSandbox: { reason: "why" }';
    expect(lines("raw", { ...BASE, sandbox: "none" })).toEqual([needsOptOut]);
    expect(lines("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "  " } })).toEqual([needsOptOut]);
    expect(lines("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: "because" as never })).toEqual([needsOptOut]);
    expect(validateAgentArgs("raw", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "needs /dev/kvm" } })).toEqual([]);
    expect(lines("x", { ...BASE, unsafeNoSandbox: { reason: "r" } })).toEqual([
      'unsafeNoSandbox: contradicts sandbox "gvisor" (got {"reason":"r"}); fix: remove unsafeNoSandbox, or set sandbox: "none"',
    ]);
  });
});

describe("validateAgentArgs: resources", () => {
  it("rejects requests above limits, as the API server does", () => {
    expect(lines("a", { ...BASE, resources: { cpu: "2", memory: "2Gi" }, limits: { cpu: "1", memory: "1Gi" } })).toEqual([
      'resources.cpu: must not exceed limits.cpu (1) (got "2"); fix: lower resources.cpu or raise limits.cpu',
      'resources.memory: must not exceed limits.memory (1Gi) (got "2Gi"); fix: lower resources.memory or raise limits.memory',
    ]);
    // The default requests (500m, 512Mi) count when only a limit is given.
    expect(lines("a", { ...BASE, limits: { cpu: "250m", memory: "256Mi" } })).toEqual([
      'resources.cpu: must not exceed limits.cpu (250m) (got "500m"); fix: lower resources.cpu or raise limits.cpu',
      'resources.memory: must not exceed limits.memory (256Mi) (got "512Mi"); fix: lower resources.memory or raise limits.memory',
    ]);
    expect(validateAgentArgs("a", { ...BASE, resources: { cpu: "1" }, limits: { cpu: "1000m", memory: "512Mi" } })).toEqual([]);
    expect(validateAgentArgs("a", { ...BASE, resources: { cpu: "2" } })).toEqual([]);
  });

  it("rejects quantities that are not finite, such as 1e400", () => {
    expect(lines("a", { ...BASE, resources: { cpu: "1e400", ephemeralStorage: "1e999" }, limits: { memory: "1e400" } })).toEqual([
      'resources.cpu: is not a finite quantity (too large to represent) (got "1e400"); fix: use a quantity like "500m"',
      'resources.ephemeralStorage: is not a finite quantity (too large to represent) (got "1e999"); fix: use a quantity like "1Gi"',
      'limits.memory: is not a finite quantity (too large to represent) (got "1e400"); fix: use a quantity like "1Gi"',
    ]);
    expect(lines("a", { ...BASE, limits: { cpu: "0" } })).toEqual([
      'limits.cpu: must be greater than zero (got "0"); fix: use a positive quantity like "1"',
    ]);
  });

  it("rejects resources and limits that are not objects", () => {
    expect(lines("a", { ...BASE, resources: "big" as never, limits: [1] as never })).toEqual([
      'resources: must be an object (got "big"); fix: use { cpu: "500m", memory: "512Mi" }',
      'limits: must be an object (got [1]); fix: use { cpu: "1", memory: "1Gi" }',
    ]);
  });

  it("rejects GPU shares without GPU nodes, under Kata, or as fractions", () => {
    expect(lines("g", { ...BASE, resources: { gpu: 1 } })).toEqual([
      "resources.gpu: asks for GPU shares but the platform has no GPU nodes (got 1); fix: add GPU nodes (platform.gpu, set by the cloud layer's GPU node pool) or remove resources.gpu",
    ]);
    expect(lines("g", { ...BASE, sandbox: "kata-clh", resources: { gpu: 2 }, platform: GPU_PLATFORM })).toEqual([
      'resources.gpu: GPU shares are not supported under sandbox "kata-clh" (the Kata shims agentcloud renders have no GPU passthrough) (got 2); fix: use sandbox "gvisor" (nvproxy) for GPU agents',
    ]);
    expect(
      validateAgentArgs("g", { ...BASE, sandbox: "none", unsafeNoSandbox: { reason: "r" }, resources: { gpu: 1 }, platform: GPU_PLATFORM }),
    ).toEqual([]);
    expect(lines("g", { ...BASE, resources: { gpu: 0.5 } })).toEqual([
      "resources.gpu: must be a whole number from 0 to 64 (got 0.5); fix: set resources.gpu to a whole number from 0 to 64",
    ]);
    expect(validateAgentArgs("g", { ...BASE, resources: { gpu: 64 }, platform: GPU_PLATFORM })).toEqual([]);
    expect(validateAgentArgs("g", { ...BASE, resources: { gpu: 65 }, platform: GPU_PLATFORM }).map((p) => p.argument)).toEqual([
      "resources.gpu",
    ]);
  });
});

describe("validateAgentArgs: workload kinds and storage", () => {
  it("keeps workload-specific arguments to their workload", () => {
    expect(lines("a", { ...BASE, storage: { size: "1Gi" }, warmPool: 3 })).toEqual([
      'warmPool: applies only to workload "sandbox-pool" (got 3); fix: remove warmPool or set workload to "sandbox-pool"',
      'storage: applies only to workload "statefulset" (got {"size":"1Gi"}); fix: remove storage or set workload to "statefulset"',
    ]);
    expect(lines("a", { ...BASE, workload: "sandbox-pool", replicas: 2, warmPool: 1001 })).toEqual([
      "replicas: does not apply to a sandbox-pool (sandboxes are created per session) (got 2); fix: remove replicas and set warmPool to the number of ready sandboxes",
      "warmPool: must be a whole number from 0 to 1000 (got 1001); fix: set warmPool to a whole number from 0 to 1000",
    ]);
    expect(lines("a", { ...BASE, workload: "statefulset", storage: "10Gi" as never })).toEqual([
      'storage: must be an object (got "10Gi"); fix: use { size: "10Gi" }',
    ]);
  });

  it("checks StorageClass names as the API server does: DNS subdomains, dots allowed", () => {
    const sts = (storage: AgentArgs["storage"]): AgentArgs => ({ ...BASE, workload: "statefulset", storage });
    expect(validateAgentArgs("db", sts({ size: "10Gi", storageClassName: "ebs.csi.gp3" }))).toEqual([]);
    expect(lines("db", sts({ size: "big", storageClassName: "GP3" }))).toEqual([
      'storage.size: is not a Kubernetes quantity (got "big"); fix: use a quantity like "10Gi"',
      `storage.storageClassName: must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.') (got "GP3"); fix: use a name like "my-agent" or "tools.example.com"`,
    ]);
  });

  it("keeps storage clear of /tmp and the token folder", () => {
    const sts = (mountPath: string): AgentArgs => ({ ...BASE, workload: "statefulset", storage: { size: "1Gi", mountPath } });
    expect(lines("db", sts("/tmp"))).toEqual([
      'storage.mountPath: collides with /tmp, where the writable scratch volume is mounted (got "/tmp"); fix: use a path outside /tmp, like "/data"',
    ]);
    expect(lines("db", sts("/var/run/secrets/agentcloud"))).toEqual([
      `storage.mountPath: collides with /var/run/secrets/agentcloud, where the agent's ServiceAccount token is mounted (got "/var/run/secrets/agentcloud"); fix: use a path outside /var/run/secrets/agentcloud, like "/data"`,
    ]);
    expect(validateAgentArgs("db", sts("/var")).map((p) => p.argument)).toEqual(["storage.mountPath"]);
    expect(lines("db", sts("data"))).toEqual(['storage.mountPath: must be an absolute path (got "data"); fix: use a path like "/data"']);
    expect(validateAgentArgs("db", sts("/tmp-data"))).toEqual([]);
  });
});
