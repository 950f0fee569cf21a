import { describe, expect, it } from "vitest";
import { agentAnnotations, buildAgent, resolveAgent, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { annotationBytes, formatProblem, objectBytes } from "../../../../components/validation";
import { BASE, GATEWAY, OTHER_GATEWAY } from "./fixtures";

const lines = (args: Partial<AgentArgs>) => validateAgentArgs("a", { ...BASE, ...args }).map(formatProblem);

describe("validateAgentArgs: platform injection", () => {
  it("accepts what a cloud layer injects", () => {
    expect(
      lines({
        resources: { gpu: 1 },
        platform: {
          gpu: {
            resourceName: "example/gpu",
            nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }],
          },
          serviceAccountAnnotations: {
            "iam.gke.io/gcp-service-account": "agent@project.iam.gserviceaccount.com",
            "EKS.amazonaws.com/role-arn": "arn:aws:iam::1:role/a",
          },
          podLabels: { "azure.workload.identity/use": "true" },
        },
      }),
    ).toEqual([]);
  });

  it("checks the identity endpoints and the fabric's API server flag the platform injects", () => {
    expect(
      lines({
        platform: {
          apiServerByFabric: "yes" as never,
          identityEndpoints: [{ address: "169.254.170.0/24", port: 80 }, { address: "169.254.170.23", port: 0 }, "x" as never],
        },
      }),
    ).toEqual([
      'platform.apiServerByFabric: must be true or false (got "yes"); fix: set it to true only when the fabric admits the API server by identity (Cilium), or leave it out',
      'platform.identityEndpoints[0].address: is not a single IPv4 or IPv6 address (ranges and names are not allowed) (got "169.254.170.0/24"); fix: use one address like "169.254.170.23"',
      "platform.identityEndpoints[1].port: must be a whole number from 1 to 65535 (got 0); fix: set platform.identityEndpoints[1].port to a whole number from 1 to 65535",
      'platform.identityEndpoints[2]: must be an object with address and port (got "x"); fix: use { address: "169.254.170.23", port: 80 }',
    ]);
    expect(lines({ platform: { apiServerByFabric: true, identityEndpoints: [{ address: "fd00:ec2::23", port: 80 }] } })).toEqual([]);
  });

  it("accepts the gateway AgentCloud injects, and checks its shape with every problem at once", () => {
    expect(lines({ platform: { gateway: GATEWAY } })).toEqual([]);
    expect(lines({ platform: { gateway: OTHER_GATEWAY } })).toEqual([]);
    expect(lines({ platform: { gateway: { namespace: "Gateway", name: "mcp_gateway", port: 0, audience: " " } } })).toEqual([
      `platform.gateway.namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "Gateway"); fix: use a name like "my-agent"`,
      `platform.gateway.name: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got "mcp_gateway"); fix: use a name like "my-agent"`,
      "platform.gateway.port: must be a whole number from 1 to 65535 (got 0); fix: set platform.gateway.port to a whole number from 1 to 65535",
      'platform.gateway.audience: must be a non-empty string (got " "); fix: use a value like "agentcloud-gateway"',
    ]);
    expect(lines({ platform: { gateway: { ...GATEWAY, port: 65536 } } })).toEqual([
      "platform.gateway.port: must be a whole number from 1 to 65535 (got 65536); fix: set platform.gateway.port to a whole number from 1 to 65535",
    ]);
    expect(lines({ platform: { gateway: {} as never } }).map((l) => l.split(":")[0])).toEqual([
      "platform.gateway.namespace",
      "platform.gateway.name",
      "platform.gateway.port",
      "platform.gateway.audience",
    ]);
    expect(lines({ platform: { gateway: "mcp-gateway" as never } })).toEqual([
      'platform.gateway: must be an object (got "mcp-gateway"); fix: pass { namespace: "agentcloud-gateway", name: "mcp-gateway", port: 8080, audience: "agentcloud-gateway" }',
    ]);
    // Reported with the other platform problems, before anything is built.
    expect(lines({ platform: { apiServerByFabric: 1 as never, gateway: { ...GATEWAY, port: 1.5 } } }).map((l) => l.split(":")[0])).toEqual([
      "platform.apiServerByFabric",
      "platform.gateway.port",
    ]);
  });

  it("checks GPU placement and pod labels the cloud layer injects", () => {
    expect(
      validateAgentArgs("a", {
        ...BASE,
        platform: {
          gpu: { resourceName: "gpu", nodeSelector: { "bad key!": "x" }, tolerations: [{ key: "k", operator: "Exists", value: "v" }] },
          podLabels: { team: "has space" },
        },
      }).map((p) => p.argument),
    ).toEqual([
      'platform.gpu.nodeSelector["bad key!"]',
      "platform.gpu.tolerations[0].value",
      "platform.gpu.resourceName",
      'platform.podLabels["team"]',
    ]);
    expect(lines({ platform: { gpu: { resourceName: "kubernetes.io/gpu" } } })).toEqual([
      'platform.gpu.resourceName: is not an extended resource name (domain/name) (got "kubernetes.io/gpu"); fix: use a name like "nvidia.com/gpu"',
    ]);
    expect(lines({ platform: { gpu: "nvidia" as never } })).toEqual([
      'platform.gpu: must be an object (got "nvidia"); fix: pass { resourceName, nodeSelector, tolerations }',
    ]);
    expect(lines({ platform: [] as never })).toEqual([
      "platform: must be an object (got []); fix: pass { gpu, serviceAccountAnnotations, podLabels }",
    ]);
  });

  it("validates ServiceAccount annotations as annotations and keeps agentcloud's keys to agentcloud", () => {
    expect(
      lines({ platform: { serviceAccountAnnotations: { "a/b/c": "x", "example.com/n": 1 as never, "agentcloud.dev/agent": "other" } } }),
    ).toEqual([
      `platform.serviceAccountAnnotations["a/b/c"]: is not an annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "a/b/c"); fix: use a key like "eks.amazonaws.com/role-arn"`,
      'platform.serviceAccountAnnotations["example.com/n"]: must be a string (got 1); fix: give the annotation a string value',
      'platform.serviceAccountAnnotations["agentcloud.dev/agent"]: uses the prefix "agentcloud.dev/", which agentcloud sets itself (got "agentcloud.dev/agent"); fix: use a key under your own domain, like "example.com/agent"',
    ]);
    expect(lines({ platform: { serviceAccountAnnotations: { "example.com/big": "x".repeat(262144) } } })).toEqual([
      `platform.serviceAccountAnnotations: is over the API server's limit of 256 KiB (262144 bytes) for all annotations of an object (got "262159 bytes"); fix: keep large data out of annotations (use a ConfigMap)`,
    ]);
  });

  it("keeps podLabels off agentcloud's labels, so the platform cannot relabel an agent", () => {
    expect(lines({ platform: { podLabels: { "agentcloud.dev/agent": "someone-else", "agentcloud.dev/sandbox": "none" } } })).toEqual([
      'platform.podLabels["agentcloud.dev/agent"]: uses the prefix "agentcloud.dev/", which agentcloud sets itself (got "agentcloud.dev/agent"); fix: use a key under your own domain, like "example.com/agent"',
      'platform.podLabels["agentcloud.dev/sandbox"]: uses the prefix "agentcloud.dev/", which agentcloud sets itself (got "agentcloud.dev/sandbox"); fix: use a key under your own domain, like "example.com/sandbox"',
    ]);
  });
});

describe("validateAgentArgs: what the API server would reject for size", () => {
  const hosts = (n: number) => Array.from({ length: n }, (_, i) => `host-${String(i).padStart(5, "0")}.${"x".repeat(60)}.example.com`);

  it("rejects a declaration whose annotation is over 256 KiB, naming its largest part", () => {
    expect(validateAgentArgs("a", { ...BASE, egress: hosts(3000) })).toEqual([]);
    const args: AgentArgs = { ...BASE, egress: hosts(3300), tools: [{ server: "github", tools: ["search"] }] };
    const bytes = annotationBytes(agentAnnotations(resolveAgent("a", args)));
    expect(bytes).toBeGreaterThan(262144);
    expect(validateAgentArgs("a", args).map((p) => [p.argument, p.problem, p.fix])).toEqual([
      [
        "egress",
        `makes the annotations of the agent's Deployment ${bytes} bytes, over the API server's limit of 262144 bytes (256 KiB)`,
        "shorten egress; it is recorded in annotations (agentcloud.dev/declaration and the unsafe... reasons)",
      ],
    ]);
    const pool: AgentArgs = { ...BASE, workload: "sandbox-pool", egress: hosts(3300) };
    const poolBytes = annotationBytes(agentAnnotations(resolveAgent("a", pool)));
    expect(validateAgentArgs("a", pool).map((p) => p.problem)).toEqual([
      `makes the annotations of the agent's SandboxTemplate ${poolBytes} bytes, over the API server's limit of 262144 bytes (256 KiB)`,
    ]);
  });

  it("rejects a workload over the 1.5 MiB request limit, naming the largest argument", () => {
    const args: AgentArgs = { ...BASE, env: { PROMPT: "p".repeat(1_600_000) }, args: ["--serve"] };
    const bytes = objectBytes(buildAgent(resolveAgent("a", args)).find((o) => o.role === "deployment")?.object);
    expect(bytes).toBeGreaterThan(1_600_000);
    expect(validateAgentArgs("a", args).map((p) => [p.argument, p.problem, p.fix])).toEqual([
      [
        "env",
        `makes the agent's Deployment ${bytes} bytes, over the 1572864-byte (1.5 MiB) limit of a Kubernetes API request`,
        "move large data out of env (into a ConfigMap or Secret mounted as a file)",
      ],
    ]);
    expect(validateAgentArgs("a", { ...BASE, env: { PROMPT: "p".repeat(1_500_000) } })).toEqual([]);
    expect(validateAgentArgs("a", { ...BASE, args: ["a".repeat(1_600_000)] }).map((p) => p.argument)).toEqual(["args"]);
  });

  it("checks sizes only on otherwise valid declarations", () => {
    expect(validateAgentArgs("a", { ...BASE, port: 0, env: { PROMPT: "p".repeat(1_600_000) } }).map((p) => p.argument)).toEqual(["port"]);
  });
});
