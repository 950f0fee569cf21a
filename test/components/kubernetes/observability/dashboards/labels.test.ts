import { describe, expect, it } from "vitest";
import { AGENT, COST_CENTRE, ksmLabel, TENANT } from "../../../../../components/kubernetes/observability/dashboards/labels";

describe("ksmLabel", () => {
  it("spells a Kubernetes label as kube-state-metrics exports it", () => {
    expect([AGENT, TENANT, COST_CENTRE]).toEqual([
      "label_agentcloud_dev_agent",
      "label_agentcloud_dev_tenant",
      "label_agentcloud_dev_cost_centre",
    ]);
    expect(ksmLabel("app.kubernetes.io/name")).toBe("label_app_kubernetes_io_name");
    expect(ksmLabel("example.com/costCentre")).toBe("label_example_com_cost_centre");
  });
});
