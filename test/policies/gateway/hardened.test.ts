import { describe, expect, it } from "vitest";
import { hardened } from "../../../policies/gateway/hardened";
import { invalidObjects } from "../../helpers/schema";
import { agentDeployment, messages, violations } from "../helpers";
import {
  configMap,
  fleetConfig,
  gateway,
  gatewayDeployment,
  gatewayPdb,
  gatewayService,
  gatewayServiceAccount,
  builtGateway,
} from "./objects";

const GW = 'Deployment "mcp-gateway" in namespace "agentcloud-gateway" is the MCP gateway and';
const C = `${GW} its container "agentgateway" must`;
const NO_PDB =
  `${GW} has no PodDisruptionBudget in namespace "agentcloud-gateway" that selects its pods and keeps one up; add a ` +
  "policy/v1 PodDisruptionBudget with minAvailable: 1 and a selector matching its pod labels.";

describe("agentcloud-gateway-hardened", () => {
  it("passes every object McpGateway builds", async () => {
    expect(await messages(hardened, [...builtGateway()])).toEqual([]);
  });

  it("passes the gateway as McpGateway renders it, and is not applicable without a gateway workload", async () => {
    expect(await invalidObjects(gateway().map((r) => r.inputs))).toEqual([]);
    expect(await messages(hardened, gateway())).toEqual([]);
    expect(await violations([hardened], [agentDeployment("coder"), configMap(fleetConfig())])).toEqual([]);
  });

  it("flags every hardening gap of the Deployment, one message each, on its URN", async () => {
    const weak = gatewayDeployment((template, spec) => {
      delete spec.replicas;
      delete template.spec.automountServiceAccountToken;
      delete template.spec.securityContext!.runAsNonRoot;
      const container = template.spec.containers[0];
      container.securityContext = { capabilities: { drop: ["NET_RAW"] } };
      container.resources = { requests: { cpu: "100m" } };
      template.spec.initContainers = [{ ...container, name: "init", securityContext: { runAsNonRoot: false } }];
    });
    expect(await invalidObjects([weak.inputs])).toEqual([]);
    const found = await violations([hardened], [weak, gatewayServiceAccount(true), gatewayPdb()]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual(
      [
        `${C} drop ALL capabilities (securityContext.capabilities.drop).`,
        `${C} run as non-root: set securityContext.runAsNonRoot to true (container or pod).`,
        `${C} set cpu and memory requests and limits (missing resources.requests.memory, resources.limits.cpu, resources.limits.memory).`,
        `${C} set securityContext.allowPrivilegeEscalation to false.`,
        `${C} set securityContext.readOnlyRootFilesystem to true.`,
        `${GW} its init container "init" must drop ALL capabilities (securityContext.capabilities.drop).`,
        `${GW} its init container "init" must run as non-root: set securityContext.runAsNonRoot to true (container or pod).`,
        `${GW} its init container "init" must set cpu and memory requests and limits (missing resources.requests.memory, resources.limits.cpu, resources.limits.memory).`,
        `${GW} its init container "init" must set securityContext.allowPrivilegeEscalation to false.`,
        `${GW} its init container "init" must set securityContext.readOnlyRootFilesystem to true.`,
        `${GW} must set spec.replicas to 2 or more (found unset, which means 1), so one pod serves while another restarts.`,
        `${GW} must set spec.template.spec.automountServiceAccountToken to false (it needs no Kubernetes API token).`,
      ].map((m) => [m, "urn:pulumi:test::test::kubernetes:apps/v1:Deployment::res-mcp-gateway", "high"]),
    );
  });

  it("accepts automount left to a ServiceAccount that disables it, and flags one replica", async () => {
    const deployment = gatewayDeployment((template, spec) => {
      delete template.spec.automountServiceAccountToken;
      spec.replicas = 1;
    });
    expect(await messages(hardened, [deployment, gatewayServiceAccount(false), gatewayPdb()])).toEqual([
      `${GW} must set spec.replicas to 2 or more (found 1), so one pod serves while another restarts.`,
    ]);
  });

  it("judges malformed workloads without throwing, failing closed", async () => {
    const odd = gatewayDeployment((template, spec) => {
      spec.replicas = "2";
      (template.spec as unknown as Record<string, unknown>).containers = [null];
      (template.spec as unknown as Record<string, unknown>).initContainers = "init";
    });
    const c0 = `${GW} its container "containers[0]" must`;
    expect(await messages(hardened, [odd, gatewayServiceAccount(), gatewayPdb()])).toEqual([
      `${c0} drop ALL capabilities (securityContext.capabilities.drop).`,
      `${c0} set cpu and memory requests and limits (missing resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory).`,
      `${c0} set securityContext.allowPrivilegeEscalation to false.`,
      `${c0} set securityContext.readOnlyRootFilesystem to true.`,
      `${GW} must set spec.replicas to 2 or more (found not a number), so one pod serves while another restarts.`,
    ]);
  });

  it("requires a PodDisruptionBudget in its namespace that selects its pods and keeps one up", async () => {
    const expressions = gatewayPdb({
      maxUnavailable: 1,
      selector: { matchExpressions: [{ key: "app.kubernetes.io/component", operator: "In", values: ["mcp-gateway"] }] },
    });
    expect(await invalidObjects([expressions.inputs])).toEqual([]);
    expect(await messages(hardened, [gatewayDeployment(), gatewayServiceAccount(), expressions])).toEqual([]);
    expect(await messages(hardened, [gatewayDeployment(), gatewayServiceAccount(), gatewayPdb({ minAvailable: 1, selector: {} })])).toEqual(
      [],
    );
    for (const pdb of [
      gatewayPdb({ minAvailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "other" } } }),
      gatewayPdb({ minAvailable: 1, selector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "DoesNotExist" }] } }),
      gatewayPdb({ minAvailable: 0, selector: {} }),
      gatewayPdb({ maxUnavailable: "100%", selector: {} }),
      gatewayPdb({ minAvailable: 1 }),
      gatewayPdb(undefined, "apps"),
    ]) {
      expect(await messages(hardened, [gatewayDeployment(), gatewayServiceAccount(), pdb])).toEqual([NO_PDB]);
    }
    expect(await messages(hardened, [gatewayDeployment(), gatewayServiceAccount(), gatewayService()])).toEqual([NO_PDB]);
  });
});
