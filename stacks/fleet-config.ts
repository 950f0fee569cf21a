import { checkObservabilityOptions } from "../components/kubernetes/observability/validate";
import type { FleetObservabilityOptions } from "../components/blueprint/spec";
import { checkDnsLabel, checkLabelValue } from "../components/validation";
import { fromProblems, type ConfigKey } from "./config";

/**
 * Config keys of the reference fleet's options, the same on every reference stack (`local`, `aws`, `gcp`): the tenant,
 * its labels, the code interpreter's warm pool and the monitoring stack.
 */
export const FLEET_CONFIG = {
  namespace: {
    type: "string",
    default: "agents",
    description: "the agent tenant namespace",
    check: (v) => (checkDnsLabel("", v).length ? { problem: "must be a DNS-1123 label", fix: `use a name like "agents"` } : undefined),
  } as ConfigKey<string>,
  owner: {
    type: "string",
    default: "platform-team",
    description: "owner label of the tenant namespace",
    check: (v) =>
      checkLabelValue("", v).length ? { problem: "must be a Kubernetes label value", fix: `use a value like "platform-team"` } : undefined,
  } as ConfigKey<string>,
  costCentre: {
    type: "string",
    default: "platform",
    description: "cost-centre label of the tenant namespace",
    check: (v) =>
      checkLabelValue("", v).length ? { problem: "must be a Kubernetes label value", fix: `use a value like "cc-1234"` } : undefined,
  } as ConfigKey<string>,
  observability: {
    type: "object-or-false",
    default: {},
    description:
      "the monitoring stack (kube-prometheus-stack with the fleet's scrape targets, dashboards and alerts): {namespace, retention: {time, size}, storage: {size, storageClassName}, grafana, managedPrometheus}, or false for none",
    check: (v) => (v === false ? undefined : fromProblems(checkObservabilityOptions("", v))),
  } as ConfigKey<FleetObservabilityOptions | false>,
  codeInterpreterWarmPool: {
    type: "integer",
    default: 2,
    description: "warm sandboxes kept ready for the code interpreter",
    check: (v) => (v >= 0 && v <= 100 ? undefined : { problem: "must be from 0 to 100", fix: "set a small whole number like 2" }),
  } as ConfigKey<number>,
};
