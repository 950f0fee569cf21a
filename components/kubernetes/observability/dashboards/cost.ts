import type { DashboardDefinition } from "./types";
import { COST_CENTRE } from "./labels";

/** One series per namespace with a cost centre. */
const COST_NAMESPACES = `group by (namespace, ${COST_CENTRE}) (kube_namespace_labels{${COST_CENTRE}!=""})`;
/** Pods that hold their requests (completed pods no longer do). */
const LIVE_PODS = `(kube_pod_status_phase{phase=~"Pending|Running"} == 1)`;

function requests(resource: string, by: string): string {
  return (
    `sum by (${by}) (kube_pod_container_resource_requests{resource="${resource}"} and on (namespace, pod) ${LIVE_PODS})` +
    ` * on (namespace) group_left (${COST_CENTRE}) ${COST_NAMESPACES}`
  );
}

function byCostCentre(resource: string): string {
  return `sum by (${COST_CENTRE}) (${requests(resource, "namespace")})`;
}

/** Cost: what each cost centre reserves (requests are what the cluster has to provision for). */
export const COST_DASHBOARD: DashboardDefinition = {
  key: "cost",
  uid: "agentcloud-cost",
  title: "agentcloud / Requests by cost centre",
  description: "CPU, memory and GPU requests of running and pending pods, by the agentcloud.dev/cost-centre label of their namespace.",
  requires: "kube-state-metrics",
  panels: [
    {
      title: "CPU requested by cost centre",
      description: "CPU cores requested by live pods, by cost centre.",
      kind: "timeseries",
      unit: "short",
      width: 8,
      height: 8,
      source: "kube-state-metrics",
      stacked: true,
      queries: [{ expr: byCostCentre("cpu"), legend: `{{${COST_CENTRE}}}` }],
    },
    {
      title: "Memory requested by cost centre",
      description: "Memory requested by live pods, by cost centre.",
      kind: "timeseries",
      unit: "bytes",
      width: 8,
      height: 8,
      source: "kube-state-metrics",
      stacked: true,
      queries: [{ expr: byCostCentre("memory"), legend: `{{${COST_CENTRE}}}` }],
    },
    {
      title: "GPUs requested by cost centre",
      description: "nvidia.com/gpu requested by live pods, by cost centre (a time-sliced share counts as one).",
      kind: "timeseries",
      unit: "short",
      width: 8,
      height: 8,
      source: "kube-state-metrics",
      onlyWith: "dcgm",
      stacked: true,
      queries: [{ expr: byCostCentre("nvidia_com_gpu"), legend: `{{${COST_CENTRE}}}` }],
    },
    {
      title: "Requests by cost centre and namespace",
      description: "CPU cores and memory bytes requested now, per cost centre and namespace.",
      kind: "table",
      unit: "short",
      width: 16,
      height: 8,
      source: "kube-state-metrics",
      queries: [
        { expr: requests("cpu", "namespace"), legend: "cpu", instant: true },
        { expr: requests("memory", "namespace"), legend: "memory", instant: true, unit: "bytes" },
      ],
    },
    {
      title: "CPU requested without a cost centre",
      description: "CPU cores requested by live pods in namespaces without the agentcloud.dev/cost-centre label (charged to no one).",
      kind: "stat",
      unit: "short",
      width: 8,
      height: 8,
      source: "kube-state-metrics",
      queries: [
        {
          expr: `sum(kube_pod_container_resource_requests{resource="cpu"} and on (namespace, pod) ${LIVE_PODS} unless on (namespace) ${COST_NAMESPACES})`,
          legend: "unlabelled",
        },
      ],
    },
  ],
};
