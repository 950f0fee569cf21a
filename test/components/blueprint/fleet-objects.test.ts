import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { isKubernetesObjectRegistration } from "../../../cli/kubernetes-objects";
import { revealSecrets } from "../../../cli/secrets";
import { AgentCloud } from "../../../components/blueprint/component";
import {
  bindFleetLateValues,
  buildFleetKubernetes,
  FLEET_GRAFANA_PASSWORD_LENGTH,
  fleetKubernetesObjects,
  fleetObjectName,
  type FleetKubernetes,
} from "../../../components/blueprint/fleet-objects";
import { lateBoundPlaceholder, type AgentCloudSpec } from "../../../components/blueprint/spec";
import { ciliumFabric } from "../../../components/kubernetes/network/fabrics";
import { GRAFANA_PASSWORD_LENGTH } from "../../../components/kubernetes/observability/component";
import { UPSTREAM } from "../../../components/vocabulary";
import { referenceFleet } from "../../../stacks/agents";
import { record, type Recorded } from "../../helpers/pulumi";

const CLOUD = "agentcloud";

/** The reference fleet on a Cilium platform, as `stacks/local.ts` builds it with its defaults (the provider left out). */
function referenceSpec(): AgentCloudSpec {
  return { platform: { provider: undefined, name: "local", network: ciliumFabric() }, ...referenceFleet(), observability: {} };
}

/** A second fleet: a GPU agent and a sandbox pool, Kata installed, the audit pipeline on. */
function gpuSpec(): AgentCloudSpec {
  const spec = referenceSpec();
  return {
    ...spec,
    platform: { ...spec.platform, name: "eks", installKata: true, gpu: {} },
    tenants: { ml: { owner: "ml-team", costCentre: "research", quota: { gpu: 2 } } },
    agents: {
      trainer: {
        namespace: "ml",
        image: "ghcr.io/acme/trainer:1.0.0",
        sandbox: "gvisor",
        resources: { cpu: "2", memory: "8Gi", gpu: 1 },
        delegatesTo: [{ agent: "sandbox", sandboxPool: true }],
      },
      sandbox: { namespace: "ml", image: "ghcr.io/acme/sandbox:1.0.0", workload: "sandbox-pool", warmPool: 1, sandbox: "kata-qemu" },
    },
    tools: [],
    audit: { sink: { kind: "s3", bucket: "acme-audit", region: "eu-west-1" } },
  };
}

/** JSON as the engine sees it: undefined fields dropped. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** `kind namespace/name` of an object, to sort and to name it in failures. */
const key = (o: { kind?: string; metadata?: { name?: string; namespace?: string } }) =>
  `${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

/**
 * The Kubernetes objects `AgentCloud` registered, by Pulumi resource name, secrets revealed. Grafana's generated
 * password is unknown under the mocks (no `RandomPassword` result), so its key is absent: the one documented difference.
 */
function pulumiObjects(rec: Recorded): Map<string, unknown> {
  return new Map(rec.registrations.filter(isKubernetesObjectRegistration).map((r) => [r.name, revealSecrets(r.inputs)] as const));
}

/** The same from the pure function, the generated Secret as Pulumi registers it under the mocks (no password). */
function pureObjects(fleet: FleetKubernetes): Map<string, unknown> {
  const objects = fleet.groups.flatMap((g) => g.objects.map((o) => [fleetObjectName(CLOUD, g, o), plain(o.object)] as const));
  const secrets = fleet.generatedSecrets.map(
    (s) =>
      [
        `${CLOUD}-observability-grafana-admin`,
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: s.name, namespace: s.namespace, labels: s.labels },
          type: "Opaque",
          stringData: s.stringData,
        },
      ] as const,
  );
  return new Map([...objects, ...secrets]);
}

/** Helm releases as Pulumi registers them, by release name. */
function pulumiReleases(rec: Recorded) {
  return rec
    .ofType("kubernetes:helm.sh/v3:Release")
    .map((r) => r.inputs)
    .map((i) => ({
      name: i.name,
      chart: i.chart,
      repo: (i.repositoryOpts as { repo?: string } | undefined)?.repo,
      version: i.version,
      namespace: i.namespace,
      values: i.values,
      timeoutSeconds: i.timeout,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function pureReleases(fleet: FleetKubernetes) {
  return fleet.releases
    .map((r) => ({
      name: r.name,
      chart: r.chart,
      repo: r.repo,
      version: r.version,
      namespace: r.namespace,
      values: plain(r.values),
      timeoutSeconds: r.timeoutSeconds,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function plan(spec: AgentCloudSpec): Promise<Recorded> {
  return record(() => {
    new AgentCloud(CLOUD, { ...spec, platform: { ...spec.platform, provider: new k8s.Provider("cluster", {}) } });
  });
}

/** Asserts both sides produce the same objects (by resource name and by kind/namespace/name) and releases. */
async function expectIdentical(
  spec: AgentCloudSpec,
  lateValues: Record<string, string> = {},
): Promise<{ rec: Recorded; fleet: FleetKubernetes }> {
  const rec = await plan(spec);
  const fleet = bindFleetLateValues(buildFleetKubernetes(spec), lateValues);
  const fromPulumi = pulumiObjects(rec);
  const fromPure = pureObjects(fleet);
  expect([...fromPure.keys()].sort()).toEqual([...fromPulumi.keys()].sort());
  for (const [name, object] of fromPure) expect({ name, object }).toEqual({ name, object: fromPulumi.get(name) });
  const sorted = (m: Map<string, unknown>) =>
    [...m.values()].map((o) => [key(o as never), o] as const).sort(([a], [b]) => a.localeCompare(b));
  expect(sorted(fromPure)).toEqual(sorted(fromPulumi));
  expect(pureReleases(fleet)).toEqual(pulumiReleases(rec));
  return { rec, fleet };
}

describe("buildFleetKubernetes", () => {
  it("builds exactly the Kubernetes objects and Helm releases AgentCloud registers for the reference fleet", async () => {
    const { rec, fleet } = await expectIdentical(referenceSpec());
    expect(fleet.groups.map((g) => `${g.id} ${g.component} [${g.after.join(",")}]`)).toEqual([
      "runtimes SandboxRuntimes []",
      "priorities PriorityClasses []",
      "agent-sandbox AgentSandboxController []",
      "tenant-agents AgentNamespace []",
      "network-cluster AgentNetwork [cilium]",
      "network-agents-research-assistant AgentNetwork [cilium,tenant-agents]",
      "network-agents-memory-keeper AgentNetwork [cilium,tenant-agents]",
      "network-agents-code-interpreter AgentNetwork [cilium,tenant-agents]",
      "agent-research-assistant Agent [runtimes,priorities,agent-sandbox,tenant-agents,cilium,network-cluster,network-agents-research-assistant]",
      "agent-memory-keeper Agent [runtimes,priorities,agent-sandbox,tenant-agents,cilium,network-cluster,network-agents-memory-keeper]",
      "agent-code-interpreter Agent [runtimes,priorities,agent-sandbox,tenant-agents,cilium,network-cluster,network-agents-code-interpreter]",
      "gateway McpGateway [cilium,network-cluster]",
      "observability-namespace Observability [cilium,network-cluster]",
      "observability-monitoring Observability [kube-prometheus-stack]",
      "fleet AgentCloud []",
    ]);
    expect(fleet.releases.map((r) => `${r.id} ${r.chart} ${r.version} [${r.after.join(",")}]`)).toEqual([
      `cilium cilium ${UPSTREAM.cilium.version} []`,
      `kube-prometheus-stack kube-prometheus-stack ${UPSTREAM.kubePrometheusStack.version} [observability-namespace,grafana-admin]`,
    ]);
    expect(fleet.generatedSecrets.map((s) => `${s.id} ${s.namespace}/${s.name} ${s.generatedKey} ${s.length}`)).toEqual([
      "grafana-admin agentcloud-monitoring/agentcloud-grafana-admin admin-password 32",
    ]);
    expect(FLEET_GRAFANA_PASSWORD_LENGTH).toBe(GRAFANA_PASSWORD_LENGTH);
    expect(fleet.lateBound).toEqual([]);
    expect(fleetKubernetesObjects(fleet)).toHaveLength(rec.objects().length - 1);
  });

  it("builds the same for a fleet with a GPU agent, a sandbox pool, Kata and the audit pipeline", async () => {
    const { fleet } = await expectIdentical(gpuSpec());
    expect(fleet.releases.map((r) => r.id)).toEqual(["kata-deploy", "cilium", "kube-prometheus-stack", "fluent-bit"]);
    expect(fleet.groups.find((g) => g.id === "agent-trainer")!.after).toEqual([
      "runtimes",
      "kata-deploy",
      "priorities",
      "agent-sandbox",
      "tenant-ml",
      "cilium",
      "network-cluster",
      "network-ml-trainer",
    ]);
  });

  it("leaves late-bound values as placeholders, and with them put in builds what AgentCloud registers", async () => {
    const placeholder = lateBoundPlaceholder("oidc-id");
    const issuer = `https://oidc.eks.eu-west-1.amazonaws.com/id/${placeholder}`;
    const spec = referenceSpec();
    spec.platform = {
      ...spec.platform,
      tokenIssuer: { issuer, jwks: { url: `${issuer}/keys` } },
      lateBound: { [placeholder]: "0123ABCD" },
    };
    const fleet = buildFleetKubernetes(spec);
    expect(fleet.lateBound).toEqual(["agentcloud-late-bound-oidc-id"]);
    const text = (f: FleetKubernetes) => JSON.stringify(f.groups.find((g) => g.id === "gateway")!.objects);
    expect(text(fleet)).toContain("https://oidc.eks.eu-west-1.amazonaws.com/id/agentcloud-late-bound-oidc-id/keys");
    const { fleet: bound } = await expectIdentical(spec, { [placeholder]: "0123ABCD" });
    expect(text(bound)).toContain("https://oidc.eks.eu-west-1.amazonaws.com/id/0123ABCD/keys");
    expect(() => bindFleetLateValues(fleet, {})).toThrow(
      "late-bound values missing for agentcloud-late-bound-oidc-id: pass one per key of platform.lateBound",
    );
  });
});
