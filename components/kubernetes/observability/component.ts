import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { throwIfProblems } from "../../validation";
import { UPSTREAM } from "../../vocabulary";
import { standardLabels } from "../labels";
import { registerObjects } from "../resources";
import { buildObservabilityParts } from "./build";
import { GRAFANA_ADMIN_KEYS, GRAFANA_ADMIN_SECRET, GRAFANA_ADMIN_USER, PROMETHEUS_NAME, resolveObservability } from "./resolve";
import type { ObservabilityArgs } from "./spec";
import { validateObservabilityArgs } from "./validate";
import { kubePrometheusStackValues } from "./values";

/** Length of the generated Grafana admin password. */
export const GRAFANA_PASSWORD_LENGTH = 32;

/**
 * The fleet's monitoring: kube-prometheus-stack (Prometheus, Alertmanager, Grafana, kube-state-metrics,
 * node-exporter, the operator) as a Helm release in its own namespace, Grafana's admin password generated into a
 * Secret, then agentcloud's PodMonitors, alert rules and dashboards after the release (which brings their CRDs).
 * Validates every argument before any resource is registered. Pass the Kubernetes provider in `opts`.
 */
export class Observability extends pulumi.ComponentResource {
  /** The monitoring namespace. */
  readonly namespaceName: pulumi.Output<string>;
  /** Grafana's Service (ClusterIP, port 80; `kubectl port-forward`), empty without Grafana. */
  readonly grafanaService: pulumi.Output<string>;
  /** Prometheus's Service (ClusterIP, port 9090). */
  readonly prometheusService: pulumi.Output<string>;
  /** Name of the Secret with Grafana's admin user and password (`admin-user`, `admin-password`), empty without Grafana. */
  readonly grafanaAdminSecret: pulumi.Output<string>;

  constructor(name: string, args: ObservabilityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`Observability "${name}"`, validateObservabilityArgs(args));
    super("agentcloud:kubernetes:Observability", name, {}, opts);
    const r = resolveObservability(args);
    const parts = buildObservabilityParts(r);
    const namespace = registerObjects(name, [parts.namespace], this).get("namespace")!;
    const secret = r.grafana ? this.grafanaAdmin(name, r.namespace, namespace) : undefined;
    const release = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      {
        name: r.release,
        chart: UPSTREAM.kubePrometheusStack.chart,
        version: UPSTREAM.kubePrometheusStack.version,
        repositoryOpts: { repo: UPSTREAM.kubePrometheusStack.repo },
        namespace: r.namespace,
        values: kubePrometheusStackValues(r),
      },
      { parent: this, dependsOn: [namespace, ...(secret ? [secret] : [])] },
    );
    if (parts.monitoring.length > 0) registerObjects(name, parts.monitoring, this, [release]);
    const afterRelease = <T>(value: T): pulumi.Output<T> => release.status.apply(() => value);
    this.namespaceName = (namespace as k8s.core.v1.Namespace).metadata.name;
    // Service names of the chart with fullnameOverride = the release (`<fullname>-prometheus`, `<release>-grafana`).
    this.prometheusService = afterRelease(PROMETHEUS_NAME);
    this.grafanaService = afterRelease(r.grafana ? `${r.release}-grafana` : "");
    this.grafanaAdminSecret = secret ? secret.metadata.name : pulumi.output("");
    this.registerOutputs({
      namespaceName: this.namespaceName,
      grafanaService: this.grafanaService,
      prometheusService: this.prometheusService,
      grafanaAdminSecret: this.grafanaAdminSecret,
    });
  }

  /** A generated password (never in the program or its config) in the Secret Grafana's chart reads. */
  private grafanaAdmin(name: string, namespace: string, after: pulumi.Resource): k8s.core.v1.Secret {
    const password = new random.RandomPassword(
      `${name}-grafana-password`,
      { length: GRAFANA_PASSWORD_LENGTH, special: false },
      { parent: this },
    );
    return new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace, labels: standardLabels(GRAFANA_ADMIN_SECRET, "grafana") },
        type: "Opaque",
        stringData: { [GRAFANA_ADMIN_KEYS.user]: GRAFANA_ADMIN_USER, [GRAFANA_ADMIN_KEYS.password]: pulumi.secret(password.result) },
      },
      { parent: this, dependsOn: [after] },
    );
  }
}
