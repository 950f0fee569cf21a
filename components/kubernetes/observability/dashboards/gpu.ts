import type { DashboardDefinition } from "./types";

// dcgm-exporter 4.5.3-4.8.2 (etc/default-counters.csv): DCGM_FI_DEV_GPU_UTIL (%), DCGM_FI_DEV_FB_USED and
// DCGM_FI_DEV_FB_FREE (MiB); every series carries gpu, UUID, modelName and Hostname, and with its Kubernetes mapping
// (the kubelet pod-resources API) namespace, pod and container of the pod holding the GPU. A time-sliced GPU is held
// by several pods at once, so it has one series per pod: a share. DCGM measures the whole device, so each share's
// series carries the device's utilisation and memory (the GPU's, not the pod's part of it).
const PER_GPU = "Hostname, gpu";
const PER_SHARE = "namespace, pod, Hostname, gpu";

/** GPUs: how busy each GPU and each time-sliced share is. */
export const GPU_DASHBOARD: DashboardDefinition = {
  key: "gpu",
  uid: "agentcloud-gpu",
  title: "agentcloud / GPUs",
  description:
    "GPU utilisation and framebuffer memory per node and GPU, and per time-sliced share (a pod holding nvidia.com/gpu on a shared GPU).",
  requires: "dcgm",
  panels: [
    {
      title: "GPUs requested",
      description: "nvidia.com/gpu requested by pods (time-sliced replicas count once each).",
      kind: "stat",
      unit: "short",
      width: 6,
      height: 6,
      source: "kube-state-metrics",
      queries: [{ expr: `sum(kube_pod_container_resource_requests{resource="nvidia_com_gpu"})`, legend: "requested" }],
    },
    {
      title: "Shares per GPU",
      description: "Pods holding each GPU right now: more than one is a time-sliced GPU.",
      kind: "bargauge",
      unit: "short",
      width: 18,
      height: 6,
      source: "dcgm",
      queries: [{ expr: `count by (${PER_GPU}) (DCGM_FI_DEV_GPU_UTIL{pod!=""})`, legend: "{{Hostname}} GPU {{gpu}}" }],
    },
    {
      title: "Utilisation per GPU",
      description: "GPU utilisation (DCGM_FI_DEV_GPU_UTIL) per node and GPU.",
      kind: "timeseries",
      unit: "percent",
      width: 12,
      height: 8,
      source: "dcgm",
      queries: [{ expr: `avg by (${PER_GPU}) (DCGM_FI_DEV_GPU_UTIL)`, legend: "{{Hostname}} GPU {{gpu}}" }],
    },
    {
      title: "Framebuffer used per GPU",
      description: "Framebuffer memory used as a share of used plus free, per node and GPU.",
      kind: "timeseries",
      unit: "percentunit",
      width: 12,
      height: 8,
      source: "dcgm",
      queries: [
        {
          expr: `max by (${PER_GPU}) (DCGM_FI_DEV_FB_USED) / (max by (${PER_GPU}) (DCGM_FI_DEV_FB_USED) + max by (${PER_GPU}) (DCGM_FI_DEV_FB_FREE))`,
          legend: "{{Hostname}} GPU {{gpu}}",
        },
      ],
    },
    {
      title: "Utilisation seen by each share",
      description: "Utilisation of the GPU each pod holds (the whole device's: DCGM cannot split a time-sliced GPU per pod).",
      kind: "timeseries",
      unit: "percent",
      width: 12,
      height: 8,
      source: "dcgm",
      queries: [
        { expr: `max by (${PER_SHARE}) (DCGM_FI_DEV_GPU_UTIL{pod!=""})`, legend: "{{namespace}}/{{pod}} on {{Hostname}} GPU {{gpu}}" },
      ],
    },
    {
      title: "Framebuffer used on each share's GPU",
      description: "Framebuffer memory used on the GPU each pod holds, in MiB.",
      kind: "timeseries",
      unit: "decmbytes",
      width: 12,
      height: 8,
      source: "dcgm",
      queries: [
        { expr: `max by (${PER_SHARE}) (DCGM_FI_DEV_FB_USED{pod!=""})`, legend: "{{namespace}}/{{pod}} on {{Hostname}} GPU {{gpu}}" },
      ],
    },
    {
      title: "Busiest GPUs now",
      description: "The 10 GPUs with the highest utilisation averaged over 15 minutes, with their shares.",
      kind: "table",
      unit: "percent",
      width: 24,
      height: 7,
      source: "dcgm",
      queries: [{ expr: `topk(10, avg by (${PER_GPU}, modelName) (avg_over_time(DCGM_FI_DEV_GPU_UTIL[15m])))`, legend: "", instant: true }],
    },
  ],
};
