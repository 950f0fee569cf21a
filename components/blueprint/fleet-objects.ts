import type { KubernetesObject } from "../kubernetes/objects";
import type { BuiltObject } from "../kubernetes/objects";
import { buildAgent } from "../kubernetes/agent/build";
import { resolveAgent } from "../kubernetes/agent/resolve";
import { buildAgentNamespace } from "../kubernetes/agent-namespace/build";
import { buildAgentSandboxController } from "../kubernetes/agent-sandbox/build";
import { buildAuditNamespace } from "../kubernetes/audit/build";
import { AUDIT_RELEASE } from "../kubernetes/audit/endpoint";
import { resolveAuditPipeline } from "../kubernetes/audit/resolve";
import { fluentBitValues } from "../kubernetes/audit/values";
import { standardLabels } from "../kubernetes/labels";
import { buildMcpGateway } from "../kubernetes/mcp-gateway/build";
import { DEFAULT_GATEWAY_NAMESPACE } from "../kubernetes/mcp-gateway/endpoint";
import { resolveMcpGateway } from "../kubernetes/mcp-gateway/resolve";
import { buildAgentNetworkParts } from "../kubernetes/network/build";
import { buildObservabilityParts } from "../kubernetes/observability/build";
import { GRAFANA_ADMIN_KEYS, GRAFANA_ADMIN_SECRET, GRAFANA_ADMIN_USER, resolveObservability } from "../kubernetes/observability/resolve";
import { kubePrometheusStackValues } from "../kubernetes/observability/values";
import { buildPriorityClasses } from "../kubernetes/priority-classes/build";
import { buildSandboxRuntimes } from "../kubernetes/sandbox-runtimes/build";
import { KATA_DEPLOY_TIMEOUT_SECONDS } from "../kubernetes/sandbox-runtimes/spec";
import { kataDeployValues } from "../kubernetes/sandbox-runtimes/values";
import { UPSTREAM } from "../vocabulary";
import { buildFleetObjects } from "./build";
import { fleetGatewayArgs } from "./gateway";
import { fleetGraph } from "./graph";
import { fleetScrapeTargets } from "./observability";
import {
  fleetAgentArgs,
  fleetIdentityEndpoints,
  fleetRuntimes,
  needsSandboxController,
  resolvePlatform,
  tenantNamespaceSpec,
} from "./resolve";
import type { AgentCloudSpec } from "./spec";

// What `AgentCloud` registers on the cluster, as data: the same builders, in the same order, with the same
// dependencies. No Pulumi here (the CDK layer imports this file); test/components/blueprint/fleet-objects.test.ts keeps
// it equal to what the Pulumi component registers.

/** Length of Grafana's generated admin password (the Pulumi side's `GRAFANA_PASSWORD_LENGTH`; letters and digits). */
export const FLEET_GRAFANA_PASSWORD_LENGTH = 32;

/** One component's objects, applied together and after everything in `after`. */
export interface FleetObjectGroup {
  /** Unique id of the group (e.g. `runtimes`, `tenant-agents`, `network-agents-memory-keeper`, `agent-code-interpreter`). */
  id: string;
  /** The `AgentCloud` child that registers these objects (`SandboxRuntimes`, `AgentNetwork`, `Agent`, ...). */
  component: string;
  /**
   * Prefix of the objects' Pulumi resource names under `AgentCloud` (`<cloud>-<prefix>-<role>`; empty for the fleet's
   * own objects, `<cloud>-<role>`).
   */
  prefix: string;
  /** The built objects, as the component registers them (its `dependsOn` roles order them within the group). */
  objects: BuiltObject[];
  /** Ids of the groups, releases and generated secrets that must exist first. */
  after: string[];
}

/** A Helm release `AgentCloud` installs, as plain data. */
export interface FleetHelmRelease {
  /** Unique id (`kata-deploy`, `cilium`, `kube-prometheus-stack`, `fluent-bit`). */
  id: string;
  /** The `AgentCloud` child that installs it. */
  component: string;
  /** Release name. */
  name: string;
  /** Chart name, or its OCI reference (`oci://...`, then without `repo`). */
  chart: string;
  /**
   * Chart repository URL.
   * @default - none: `chart` is an OCI reference
   */
  repo?: string;
  /** Pinned chart version. */
  version: string;
  /** Namespace of the release. */
  namespace: string;
  /** Chart values. */
  values: Record<string, unknown>;
  /**
   * How long the install may take, in seconds.
   * @default - the installer's default (Pulumi 300 s, CDK's HelmChart 5 minutes)
   */
  timeoutSeconds?: number;
  /** Ids of the groups, releases and generated secrets that must exist first. */
  after: string[];
}

/**
 * A Secret holding a generated value. No pure builder sees the value: the Pulumi side generates it with
 * `random.RandomPassword`; a CDK app passes one in (e.g. from a Secrets Manager secret it generates).
 */
export interface FleetGeneratedSecret {
  /** Unique id (`grafana-admin`). */
  id: string;
  /** The `AgentCloud` child that creates it. */
  component: string;
  /** The Secret's namespace. */
  namespace: string;
  /** The Secret's name. */
  name: string;
  /** The Secret's labels. */
  labels: Record<string, string>;
  /** Its fixed entries (e.g. the admin user name). */
  stringData: Record<string, string>;
  /** The key of the generated value. */
  generatedKey: string;
  /** Length of the generated value (letters and digits only). */
  length: number;
  /** Ids of the groups that must exist first (its namespace). */
  after: string[];
}

/** Every Kubernetes object and Helm release `AgentCloud` puts on the cluster, in its registration order. */
export interface FleetKubernetes {
  /** Object groups, one per component (per tenant, per agent), in registration order. */
  groups: FleetObjectGroup[];
  /** Helm releases, in registration order. */
  releases: FleetHelmRelease[];
  /** Secrets with a generated value (Grafana's admin password). */
  generatedSecrets: FleetGeneratedSecret[];
  /**
   * Placeholders of late-bound values (the keys of `platform.lateBound`, each a `lateBoundPlaceholder(...)`) that
   * objects may still carry; {@link bindFleetLateValues} puts the values in.
   */
  lateBound: string[];
}

/** Ids of a group's objects, for `after`. */
const ids = (items: readonly { id: string }[]): string[] => items.map((i) => i.id);

/**
 * Every Kubernetes object and Helm release `AgentCloud` registers for `spec`, from the same pure builders and in the
 * same order, each group with what must exist first: the sandbox runtimes (and kata-deploy), the priority classes,
 * the agent-sandbox controller with its CRDs (for a `sandbox-pool` agent), each tenant's namespace objects, the
 * fabric's release and cluster-wide objects, each agent's network objects (after its tenant), each agent's objects
 * (after all of these), the gateway, the monitoring stack (namespace, Grafana's admin Secret, kube-prometheus-stack,
 * then the objects of its CRDs), the audit shipper and the fleet graph. Late-bound values stay placeholders; the
 * Grafana password is a {@link FleetGeneratedSecret}. Assumes a valid spec (`validateAgentCloudArgs` first), like the
 * builders it calls. Pure.
 */
export function buildFleetKubernetes(spec: AgentCloudSpec): FleetKubernetes {
  const { platform } = spec;
  const resolved = resolvePlatform(platform);
  const tenantNames = Object.keys(spec.tenants);
  const fleetArgs = fleetAgentArgs(spec);
  const fleet = Object.entries(fleetArgs).map(([key, agentArgs]) => resolveAgent(key, agentArgs));
  const groups: FleetObjectGroup[] = [];
  const releases: FleetHelmRelease[] = [];
  const generatedSecrets: FleetGeneratedSecret[] = [];
  const group = (g: FleetObjectGroup): FleetObjectGroup => (groups.push(g), g);

  const runtimesSpec = { runtimes: fleetRuntimes(spec), platformProvided: resolved.runtimeClasses, installKata: resolved.installKata };
  const runtimes = group({
    id: "runtimes",
    component: "SandboxRuntimes",
    prefix: "runtimes",
    objects: buildSandboxRuntimes(runtimesSpec),
    after: [],
  });
  const before: { id: string }[] = [runtimes];
  if (resolved.installKata) {
    const kata: FleetHelmRelease = {
      id: "kata-deploy",
      component: "SandboxRuntimes",
      name: "kata-deploy",
      chart: UPSTREAM.kataDeploy.chart,
      version: UPSTREAM.kataDeploy.version,
      namespace: "kube-system",
      values: kataDeployValues(runtimesSpec),
      timeoutSeconds: KATA_DEPLOY_TIMEOUT_SECONDS,
      after: [],
    };
    releases.push(kata);
    // Agents wait for the whole SandboxRuntimes component on the Pulumi side, kata-deploy included.
    before.push(kata);
  }
  before.push(
    group({ id: "priorities", component: "PriorityClasses", prefix: "priorities", objects: buildPriorityClasses({}), after: [] }),
  );
  if (needsSandboxController(spec)) {
    const controllerSpec = { dns: resolved.dns, ...(platform.apiServer && { apiServer: platform.apiServer }) };
    before.push(
      group({
        id: "agent-sandbox",
        component: "AgentSandboxController",
        prefix: "agent-sandbox",
        objects: buildAgentSandboxController(controllerSpec),
        after: [],
      }),
    );
  }
  const tenants = new Map(
    Object.entries(spec.tenants).map(([namespace, tenant]) => {
      const objects = buildAgentNamespace(tenantNamespaceSpec(spec, namespace, tenant));
      return [
        namespace,
        group({ id: `tenant-${namespace}`, component: "AgentNamespace", prefix: `tenant-${namespace}`, objects, after: [] }),
      ];
    }),
  );

  const network = buildAgentNetworkParts({
    fabric: platform.network,
    agents: fleet,
    tenants: tenantNames,
    dns: resolved.dns,
    identityEndpoints: fleetIdentityEndpoints(resolved.identityEndpoints, fleet),
  });
  const chart = platform.network.release;
  const fabricRelease: FleetHelmRelease[] = chart
    ? [
        {
          id: "cilium",
          component: "AgentNetwork",
          name: chart.name,
          chart: chart.chart,
          ...(chart.repo !== undefined && { repo: chart.repo }),
          version: chart.version,
          namespace: chart.namespace,
          values: chart.values,
          after: [],
        },
      ]
    : [];
  releases.push(...fabricRelease);
  const clusterEnforcement: { id: string }[] = [...fabricRelease];
  if (network.cluster.length > 0) {
    clusterEnforcement.push(
      group({ id: "network-cluster", component: "AgentNetwork", prefix: "network", objects: network.cluster, after: ids(fabricRelease) }),
    );
  }
  const agentNetwork = new Map(
    network.agents.map((a) => {
      const after = [...ids(fabricRelease), tenants.get(a.namespace)!.id];
      const own =
        a.objects.length === 0
          ? []
          : [group({ id: `network-${a.namespace}-${a.name}`, component: "AgentNetwork", prefix: "network", objects: a.objects, after })];
      return [`${a.namespace}/${a.name}`, own] as const;
    }),
  );

  Object.entries(fleetArgs).forEach(([key, agentArgs], i) => {
    const agent = fleet[i];
    const after = [
      ...ids(before),
      tenants.get(agentArgs.namespace)!.id,
      ...ids(clusterEnforcement),
      ...ids(agentNetwork.get(`${agent.namespace}/${agent.name}`) ?? []),
    ];
    group({ id: `agent-${key}`, component: "Agent", prefix: key, objects: buildAgent(agent), after });
  });

  const gatewayArgs = fleetGatewayArgs(spec);
  if (gatewayArgs) {
    const objects = buildMcpGateway(resolveMcpGateway(gatewayArgs));
    group({ id: "gateway", component: "McpGateway", prefix: "gateway", objects, after: ids(clusterEnforcement) });
  }

  if (spec.observability !== false) {
    const r = resolveObservability({ ...spec.observability, scrape: fleetScrapeTargets(spec) });
    const parts = buildObservabilityParts(r);
    const component = "Observability";
    const namespace = group({
      id: "observability-namespace",
      component,
      prefix: "observability",
      objects: [parts.namespace],
      after: ids(clusterEnforcement),
    });
    const secrets: FleetGeneratedSecret[] = r.grafana
      ? [
          {
            id: "grafana-admin",
            component,
            namespace: r.namespace,
            name: GRAFANA_ADMIN_SECRET,
            labels: standardLabels(GRAFANA_ADMIN_SECRET, "grafana"),
            stringData: { [GRAFANA_ADMIN_KEYS.user]: GRAFANA_ADMIN_USER },
            generatedKey: GRAFANA_ADMIN_KEYS.password,
            length: FLEET_GRAFANA_PASSWORD_LENGTH,
            after: [namespace.id],
          },
        ]
      : [];
    generatedSecrets.push(...secrets);
    const release: FleetHelmRelease = {
      id: "kube-prometheus-stack",
      component,
      name: r.release,
      chart: UPSTREAM.kubePrometheusStack.chart,
      repo: UPSTREAM.kubePrometheusStack.repo,
      version: UPSTREAM.kubePrometheusStack.version,
      namespace: r.namespace,
      values: kubePrometheusStackValues(r),
      after: [namespace.id, ...ids(secrets)],
    };
    releases.push(release);
    if (parts.monitoring.length > 0) {
      // After the release, which brings the PodMonitor and PrometheusRule CRDs.
      group({ id: "observability-monitoring", component, prefix: "observability", objects: parts.monitoring, after: [release.id] });
    }
  }

  if (spec.audit) {
    const r = resolveAuditPipeline({
      ...spec.audit,
      tenants: tenantNames,
      gatewayNamespace: gatewayArgs?.namespace ?? DEFAULT_GATEWAY_NAMESPACE,
    });
    const namespace = group({
      id: "audit-namespace",
      component: "AuditPipeline",
      prefix: "audit",
      objects: [buildAuditNamespace(r)],
      after: [],
    });
    releases.push({
      id: "fluent-bit",
      component: "AuditPipeline",
      name: AUDIT_RELEASE,
      chart: UPSTREAM.fluentBit.chart,
      version: UPSTREAM.fluentBit.version,
      namespace: r.namespace,
      values: fluentBitValues(r) as unknown as Record<string, unknown>,
      after: [namespace.id],
    });
  }

  group({
    id: "fleet",
    component: "AgentCloud",
    prefix: "",
    objects: buildFleetObjects({
      graph: fleetGraph({ tenants: tenantNames, agents: fleet, servers: spec.tools ?? [] }),
      enforcement: platform.network.enforcement,
    }),
    after: [],
  });

  return { groups, releases, generatedSecrets, lateBound: Object.keys(platform.lateBound ?? {}) };
}

/** The Pulumi resource name of a group's object under `AgentCloud` `cloudName` (`<cloud>-<prefix>-<role>`). */
export function fleetObjectName(cloudName: string, group: Pick<FleetObjectGroup, "prefix">, built: Pick<BuiltObject, "role">): string {
  return [cloudName, group.prefix, built.role].filter((part) => part !== "").join("-");
}

/** Every object of every group, in registration order. */
export function fleetKubernetesObjects(fleet: Pick<FleetKubernetes, "groups">): KubernetesObject[] {
  return fleet.groups.flatMap((g) => g.objects.map((o) => o.object));
}

/** Replaces every placeholder in every string of `value` (deeply) by its value. */
function replaceDeep(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const [placeholder, v] of values) out = out.split(placeholder).join(v);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, values)]));
  }
  return value;
}

/**
 * The fleet with its late-bound values put in: `values` by placeholder, as `platform.lateBound` is keyed (CDK: token
 * strings such as the cluster's OIDC issuer id, which CloudFormation resolves). Like the Pulumi side's
 * `bindLateValues`, every string holding a placeholder gets the value, and hashes the builders took over such a string
 * keep the placeholder. Throws naming any placeholder without a value. Pure.
 */
export function bindFleetLateValues(fleet: FleetKubernetes, values: Readonly<Record<string, string>>): FleetKubernetes {
  const missing = fleet.lateBound.filter((placeholder) => values[placeholder] === undefined);
  if (missing.length > 0) {
    throw new Error(`late-bound values missing for ${missing.join(", ")}: pass one per key of platform.lateBound`);
  }
  if (fleet.lateBound.length === 0) return fleet;
  const byPlaceholder = new Map(fleet.lateBound.map((placeholder) => [placeholder, values[placeholder]]));
  const bind = <T>(v: T): T => replaceDeep(v, byPlaceholder) as T;
  return {
    ...fleet,
    groups: fleet.groups.map((g) => ({ ...g, objects: g.objects.map((o) => ({ ...o, object: bind(o.object) })) })),
    releases: fleet.releases.map((r) => ({ ...r, values: bind(r.values) })),
    generatedSecrets: fleet.generatedSecrets.map((s) => ({ ...s, stringData: bind(s.stringData) })),
  };
}
