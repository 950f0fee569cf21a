import type { LabelSelector, ObjectMeta } from "kubernetes-types/meta/v1";
import { LABELS } from "../../vocabulary";
import { CONTROLLER_SELECTOR } from "../agent-sandbox/controller";
import { standardLabels } from "../labels";
import { AUDIT_METRICS_PATH, AUDIT_POD_SELECTOR } from "../audit/endpoint";
import { gatewayPodSelector } from "../mcp-gateway/endpoint";
import type { BuiltObject, KubernetesObject } from "../objects";
import { MONITORING_RELEASE, MONITORING_SELECTOR_LABEL } from "./endpoint";
import type { ScrapedAgent, ScrapeTargets } from "./spec";

// What Prometheus scrapes besides Kubernetes: one PodMonitor per workload, all in the monitoring namespace (the only
// one Prometheus reads monitors from) and reaching into the workload's namespace by name. PodMonitors rather than the
// upstream charts' ServiceMonitors: they need no metrics Service, and no chart needs the CRDs before this stack.

/** A relabeling rule (prometheus-operator `RelabelConfig`). */
export interface RelabelConfig {
  /** Labels whose values are joined and matched. */
  sourceLabels?: string[];
  /** Label written by `replace`. */
  targetLabel?: string;
  /** Regular expression matched against the joined source labels (or label names for `labeldrop`). */
  regex?: string;
  /** What to do. */
  action?: "replace" | "keep" | "labeldrop";
  /** Value written by `replace`. */
  replacement?: string;
}

/** One scraped port of a PodMonitor (prometheus-operator `PodMetricsEndpoint`). */
export interface PodMetricsEndpoint {
  /** Container port name. */
  port?: string;
  /** Container port number, for pods whose port name agentcloud does not set. */
  portNumber?: number;
  /** HTTP path of the metrics. */
  path: string;
  /** Keep the scraped labels when they clash with the target's (an exporter that reports other pods). */
  honorLabels?: boolean;
  /** Target relabelings. */
  relabelings?: RelabelConfig[];
}

/** An object's name and namespace, both set. */
export interface NamespacedName {
  /** Name. */
  name: string;
  /** Namespace. */
  namespace: string;
}

/** A PodMonitor's namespace selector by name. */
export interface NamespaceNames {
  /** The namespaces. */
  matchNames: string[];
}

/** A prometheus-operator PodMonitor (`monitoring.coreos.com/v1`). */
export interface PodMonitor extends KubernetesObject {
  /** The API version. */
  apiVersion: "monitoring.coreos.com/v1";
  /** The kind. */
  kind: "PodMonitor";
  /** Name, namespace and labels. */
  metadata: ObjectMeta & NamespacedName;
  /** What to scrape. */
  spec: {
    /** Label whose value names the job (else `<namespace>/<name>`). */
    jobLabel?: string;
    /** Namespaces of the pods. */
    namespaceSelector: NamespaceNames;
    /** The pods. */
    selector: LabelSelector;
    /** Their metrics ports. */
    podMetricsEndpoints: PodMetricsEndpoint[];
  };
}

/** Ports of the Cilium chart's metrics (1.20.0 values.yaml: `prometheus.port`, `operator.prometheus.port`, `hubble.metrics.port`). */
export const CILIUM_METRICS_PORTS = {
  /** The Cilium agent's (`prometheus.port`). */
  agent: 9962,
  /** The operator's (`operator.prometheus.port`). */
  operator: 9963,
  /** Hubble's (`hubble.metrics.port`). */
  hubble: 9965,
} as const;
/** DCGM exporter's metrics port (dcgm-exporter 4.5.3-4.8.2 values.yaml `service.port`; the GPU Operator's too). */
export const DCGM_METRICS_PORT = 9400;
/** Labels of the GPU Operator's DCGM exporter pods (its `nvidia-dcgm-exporter` DaemonSet). */
export const DCGM_POD_SELECTOR: Readonly<Record<string, string>> = { app: "nvidia-dcgm-exporter" };
/** Labels of the Cilium agent pods (the chart's DaemonSet `cilium`). */
export const CILIUM_AGENT_SELECTOR: Readonly<Record<string, string>> = { "k8s-app": "cilium" };
/** Labels of the Cilium operator pods (the chart's Deployment `cilium-operator`). */
export const CILIUM_OPERATOR_SELECTOR: Readonly<Record<string, string>> = { "io.cilium/app": "operator" };

/** The node a host-level exporter runs on, as `node` (what the chart's own Cilium monitors add). */
const NODE_LABEL: RelabelConfig = { sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node", action: "replace" };
/** The agent a pod belongs to, as `agent` (the label the gateway's metrics use for the calling agent). */
const AGENT_LABEL: RelabelConfig = {
  sourceLabels: [`__meta_kubernetes_pod_label_${LABELS.agent.replace(/[./-]/g, "_")}`],
  targetLabel: "agent",
  action: "replace",
};

function podMonitor(
  namespace: string,
  name: string,
  target: string,
  selector: LabelSelector,
  podMetricsEndpoints: PodMetricsEndpoint[],
): PodMonitor {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name, namespace, labels: { ...standardLabels(MONITORING_RELEASE, "scrape"), [MONITORING_SELECTOR_LABEL]: "true" } },
    spec: { namespaceSelector: { matchNames: [target] }, selector, podMetricsEndpoints },
  };
}

/** Agents of one namespace: one endpoint per metrics path, each keeping only its agents' pods when paths differ. */
function agentMonitor(monitoringNamespace: string, target: string, agents: ScrapedAgent[]): PodMonitor {
  const byPath = new Map<string, string[]>();
  for (const a of agents) byPath.set(a.metrics.path, [...(byPath.get(a.metrics.path) ?? []), a.name]);
  const names = agents.map((a) => a.name).sort();
  const endpoints = [...byPath.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, of]): PodMetricsEndpoint => {
      const keep: RelabelConfig[] =
        byPath.size === 1 ? [] : [{ sourceLabels: AGENT_LABEL.sourceLabels, regex: [...of].sort().join("|"), action: "keep" }];
      return { port: "metrics", path, relabelings: [...keep, AGENT_LABEL] };
    });
  return podMonitor(
    monitoringNamespace,
    `agents-${target}`,
    target,
    { matchExpressions: [{ key: LABELS.agent, operator: "In", values: names }] },
    endpoints,
  );
}

/**
 * The PodMonitors of `targets` in the monitoring `namespace`, labelled `agentcloud.dev/monitoring: "true"`: the MCP
 * gateway (`metrics` port, 15020), the Cilium agent (9962), operator (9963) and Hubble (9965), the agent-sandbox
 * controller (`metrics`, 8080), the DCGM exporter (9400; its `namespace`/`pod` labels name the pod holding the GPU, so
 * they win over the exporter's own), the audit shipper (`http`, 2020, Fluent Bit's v2 metrics) and one per namespace of
 * agents that declare metrics (`metrics` port, `agent` label).
 */
export function buildScrapeObjects(targets: ScrapeTargets, namespace: string): BuiltObject<PodMonitor>[] {
  const monitors: PodMonitor[] = [];
  if (targets.gateway) {
    const gw = targets.gateway;
    monitors.push(
      podMonitor(namespace, "mcp-gateway", gw.namespace, { matchLabels: gatewayPodSelector(gw) }, [{ port: "metrics", path: "/metrics" }]),
    );
  }
  if (targets.cilium) {
    const { namespace: ns, hubble } = targets.cilium;
    const agent = { matchLabels: { ...CILIUM_AGENT_SELECTOR } };
    monitors.push(
      podMonitor(namespace, "cilium-agent", ns, agent, [
        { portNumber: CILIUM_METRICS_PORTS.agent, path: "/metrics", relabelings: [NODE_LABEL] },
      ]),
    );
    monitors.push(
      podMonitor(namespace, "cilium-operator", ns, { matchLabels: { ...CILIUM_OPERATOR_SELECTOR } }, [
        { portNumber: CILIUM_METRICS_PORTS.operator, path: "/metrics" },
      ]),
    );
    if (hubble) {
      monitors.push(
        podMonitor(namespace, "hubble", ns, agent, [
          { portNumber: CILIUM_METRICS_PORTS.hubble, path: "/metrics", relabelings: [NODE_LABEL] },
        ]),
      );
    }
  }
  if (targets.agentSandboxController) {
    monitors.push(
      podMonitor(
        namespace,
        "agent-sandbox-controller",
        targets.agentSandboxController.namespace,
        { matchLabels: { ...CONTROLLER_SELECTOR } },
        [{ port: "metrics", path: "/metrics" }],
      ),
    );
  }
  if (targets.dcgm) {
    monitors.push(
      podMonitor(namespace, "dcgm-exporter", targets.dcgm.namespace, { matchLabels: { ...DCGM_POD_SELECTOR } }, [
        {
          portNumber: DCGM_METRICS_PORT,
          path: "/metrics",
          honorLabels: true,
          // The exporter's own pod labels would name the exporter on GPUs no pod holds.
          relabelings: [NODE_LABEL, { regex: "pod|namespace|container", action: "labeldrop" }],
        },
      ]),
    );
  }
  if (targets.auditShipper) {
    monitors.push(
      podMonitor(namespace, "audit-shipper", targets.auditShipper.namespace, { matchLabels: { ...AUDIT_POD_SELECTOR } }, [
        { port: "http", path: AUDIT_METRICS_PATH, relabelings: [NODE_LABEL] },
      ]),
    );
  }
  const byNamespace = new Map<string, ScrapedAgent[]>();
  for (const a of targets.agents ?? []) byNamespace.set(a.namespace, [...(byNamespace.get(a.namespace) ?? []), a]);
  for (const ns of [...byNamespace.keys()].sort()) monitors.push(agentMonitor(namespace, ns, byNamespace.get(ns) ?? []));
  return monitors.map((object) => ({ role: `podmonitor-${object.metadata.name}`, object }));
}
