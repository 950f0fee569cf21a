import { describe, expect, it } from "vitest";
import { AGENT_ENV } from "../../components/kubernetes/agent/pod";
import { GATEWAY_COMPONENT, GATEWAY_CONFIG_KEY } from "../../components/kubernetes/mcp-gateway/endpoint";
import { AUDIT_NAMESPACE, AUDIT_SERVICE_ACCOUNT } from "../../components/kubernetes/audit/endpoint";
import { AUDIT_LOG_NAME } from "../../components/kubernetes/audit/values";
import { MONITORING_SELECTOR_LABEL } from "../../components/kubernetes/observability/endpoint";
import * as shared from "../../components/vocabulary";
import * as pack from "../../policies/lib/vocabulary";

describe("the policy pack's copy of the vocabulary", () => {
  it("agrees with components/vocabulary.ts on every key and value it copies", () => {
    const { GATEWAY: _gateway, MONITORING: _monitoring, AUDIT: _audit, ...copy } = pack as Record<string, unknown>;
    const original = shared as unknown as Record<string, unknown>;
    expect(Object.keys(pack).sort()).toEqual([
      "ANNOTATIONS",
      "AUDIT",
      "AWS_TAGS",
      "GATEWAY",
      "GCP_LABELS",
      "LABELS",
      "MONITORING",
      "SANDBOX_RUNTIMES",
    ]);
    for (const [name, value] of Object.entries(copy)) {
      if (Array.isArray(value)) {
        expect({ name, value }).toEqual({ name, value: original[name] });
      } else {
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          expect({ name, key, item }).toEqual({ name, key, item: (original[name] as Record<string, unknown>)[key] });
        }
      }
    }
  });

  it("agrees with the gateway's endpoint and the agent's environment on how the gateway appears", () => {
    expect(pack.GATEWAY).toEqual({ component: GATEWAY_COMPONENT, configKey: GATEWAY_CONFIG_KEY, mcpUrlEnv: AGENT_ENV.mcpUrl });
  });

  it("agrees with the observability endpoint and the pinned chart on how monitoring appears", () => {
    expect(pack.MONITORING).toEqual({
      selectorLabel: MONITORING_SELECTOR_LABEL,
      chart: shared.UPSTREAM.kubePrometheusStack.chart,
      metricsPort: "metrics",
    });
  });
  it("agrees with the audit pipeline and the pinned chart on how the shipper appears", () => {
    expect(pack.AUDIT).toEqual({
      chart: shared.UPSTREAM.fluentBit.chart.split("/").pop(),
      logName: AUDIT_LOG_NAME,
      namespace: AUDIT_NAMESPACE,
      serviceAccount: AUDIT_SERVICE_ACCOUNT,
    });
  });
});
