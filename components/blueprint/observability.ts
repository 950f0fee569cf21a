import { AGENT_DEFAULTS } from "../kubernetes/agent/resolve";
import { AGENT_SANDBOX_NAMESPACE } from "../kubernetes/agent-sandbox/spec";
import { DEFAULT_MONITORING_NAMESPACE, type MonitoringEndpoint } from "../kubernetes/observability/endpoint";
import { monitoringEndpoint } from "../kubernetes/observability/resolve";
import type { ScrapedAgent, ScrapeTargets } from "../kubernetes/observability/spec";
import { CILIUM_NAMESPACE } from "../kubernetes/network/fabrics";
import { AUDIT_NAMESPACE } from "../kubernetes/audit/endpoint";
import { DEFAULT_GPU_NAMESPACE } from "../kubernetes/gpu-sharing/spec";
import { isRecord } from "../validation/values";
import { fleetGatewayEndpoint } from "./gateway";
import { agentNameOf, needsSandboxController } from "./resolve";
import type { AgentCloudSpec } from "./spec";

// What the fleet's monitoring scrapes is derived from the fleet, like everything else: the gateway when there is one,
// the fabric's metrics when it is Cilium, the sandbox controller when a pool needs it, DCGM on GPU platforms, and the
// agents that declare `metrics`. Pure; call on a spec that passed validation.

/**
 * Namespace of the NVIDIA DCGM exporter on GPU platforms: where `GpuSharing` installs it (pods labelled
 * `app: nvidia-dcgm-exporter`, as the GPU Operator's are).
 */
export const DCGM_EXPORTER_NAMESPACE = DEFAULT_GPU_NAMESPACE;

/** Whether the chart values turn on Hubble metrics (`hubble.metrics.enabled` lists at least one metric). */
function hubbleMetricsOn(values: Record<string, unknown> | undefined): boolean {
  const hubble = values?.hubble;
  const metrics = isRecord(hubble) ? hubble.metrics : undefined;
  const enabled = isRecord(metrics) ? metrics.enabled : undefined;
  return Array.isArray(enabled) && enabled.length > 0;
}

/**
 * Everything the fleet's monitoring scrapes besides Kubernetes itself: the gateway (when the fleet has one), Cilium's
 * agent and operator (a Cilium fabric; Hubble when the release agentcloud installs turns Hubble metrics on — an
 * existing Cilium's Hubble metrics are not known, so not scraped), the agent-sandbox controller (when an agent is a
 * `sandbox-pool`), the DCGM exporter (GPU platforms) and every agent that declares `metrics`, in declaration order.
 */
export function fleetScrapeTargets(spec: AgentCloudSpec): ScrapeTargets {
  const gateway = fleetGatewayEndpoint(spec);
  const fabric = spec.platform.network;
  const cilium = fabric.kind === "cilium" || fabric.kind === "cilium-existing";
  const agents: ScrapedAgent[] = Object.entries(spec.agents).flatMap(([key, a]) =>
    a.metrics
      ? [
          {
            namespace: a.namespace,
            name: agentNameOf(key, a),
            metrics: { port: a.metrics.port, path: a.metrics.path ?? AGENT_DEFAULTS.metricsPath },
          },
        ]
      : [],
  );
  return {
    ...(gateway && { gateway: { namespace: gateway.namespace, name: gateway.name } }),
    ...(cilium && {
      cilium: { namespace: fabric.release?.namespace ?? CILIUM_NAMESPACE, hubble: hubbleMetricsOn(fabric.release?.values) },
    }),
    ...(needsSandboxController(spec) && { agentSandboxController: { namespace: AGENT_SANDBOX_NAMESPACE } }),
    ...(spec.platform.gpu && { dcgm: { namespace: DCGM_EXPORTER_NAMESPACE } }),
    ...(spec.audit && { auditShipper: { namespace: spec.audit.namespace ?? AUDIT_NAMESPACE } }),
    agents,
  };
}

/**
 * The Prometheus pods that scrape the fleet (its namespace and pod labels), which agents with `metrics` and the gateway
 * admit on their metrics ports; `undefined` when the fleet has no monitoring (`observability: false`).
 */
export function fleetMonitoringEndpoint(spec: Pick<AgentCloudSpec, "observability">): MonitoringEndpoint | undefined {
  const options: unknown = spec.observability;
  if (options === false) return undefined;
  // Validation asks too, with options not yet checked: a malformed namespace falls back to the default.
  const namespace = isRecord(options) && typeof options.namespace === "string" ? options.namespace : DEFAULT_MONITORING_NAMESPACE;
  return monitoringEndpoint(namespace);
}
