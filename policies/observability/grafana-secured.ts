import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { shownIfKnown } from "../lib/messages";
import { describeRelease, iniTrue, monitoringRelease, type MonitoringRelease } from "../lib/observability";
import { record, text } from "../lib/pod-templates";
import { MONITORING } from "../lib/vocabulary";

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
/** Passwords everyone knows: kube-prometheus-stack's former default (`prom-operator`) and Grafana's own (`admin`). */
const DEFAULT_PASSWORDS = ["prom-operator", "admin"];
/** A values key messages may show (a route name of the grafana chart's `route` map). */
const KEY = /^[A-Za-z0-9_-]{1,63}$/;

/** Where the release's Grafana values sit (`values.grafana` in kube-prometheus-stack), or undefined when it turns Grafana off. */
function grafanaValues(release: MonitoringRelease): [Record<string, unknown>, string] | undefined {
  if (release.chart === "grafana") return [release.values, "values"];
  const grafana = record(release.values.grafana);
  // kube-prometheus-stack 88.5.3 values.yaml: grafana.enabled defaults to true.
  return grafana.enabled === false ? undefined : [grafana, "values.grafana"];
}

/** What makes the Grafana of these values reachable outside the cluster, anonymous or on credentials not managed as a secret. */
function problems(grafana: Record<string, unknown>, at: string): string[] {
  const found: string[] = [];
  // The grafana 12.11.1 chart's service.type defaults to ClusterIP; kube-prometheus-stack does not override it.
  const type = record(grafana.service).type;
  if (type !== undefined && type !== null && type !== "" && type !== "ClusterIP") {
    found.push(`sets ${at}.service.type to ${shownIfKnown(type, SERVICE_TYPES, "a value")}; use ClusterIP (the chart's default)`);
  }
  if (record(grafana.ingress).enabled === true) {
    found.push(`enables ${at}.ingress, which publishes Grafana outside the cluster; turn it off`);
  }
  for (const [key, route] of Object.entries(record(grafana.route))) {
    if (record(route).enabled !== true) continue;
    const name = KEY.test(key) ? `route.${key}` : "route";
    found.push(`enables ${at}.${name} (a Gateway API route), which publishes Grafana outside the cluster; turn it off`);
  }
  // grafana.ini renders one [section] per top-level key, so anonymous access is the "auth.anonymous" key's enabled.
  if (iniTrue(record(record(grafana["grafana.ini"])["auth.anonymous"]).enabled)) {
    found.push(`sets ${at}["grafana.ini"]["auth.anonymous"].enabled, so anyone who reaches Grafana sees the fleet's metrics; remove it`);
  }
  if (iniTrue(record(grafana.env).GF_AUTH_ANONYMOUS_ENABLED)) {
    found.push(`sets ${at}.env.GF_AUTH_ANONYMOUS_ENABLED, so anyone who reaches Grafana sees the fleet's metrics; remove it`);
  }
  const password = grafana.adminPassword;
  if (password !== undefined && password !== null && password !== "") {
    found.push(
      typeof password === "string" && DEFAULT_PASSWORDS.includes(password.trim())
        ? `sets ${at}.adminPassword to a well-known default password; remove it and name a Secret in ${at}.admin.existingSecret`
        : `sets ${at}.adminPassword, a literal password in the release's values; remove it and name a Secret in ${at}.admin.existingSecret`,
    );
  }
  if ((text(record(grafana.admin).existingSecret) ?? "").trim() === "") {
    found.push(
      `sets no ${at}.admin.existingSecret, so Grafana's admin password is not one the stack manages as a secret; generate ` +
        "it into a Secret (agentcloud does, with a random password) and name that Secret there",
    );
  }
  return found;
}

/**
 * Grafana shows every agent's, tool's and GPU's metrics (who called what, what was denied): it stays inside the
 * cluster, refuses anonymous viewers and takes its admin password from a Secret, never from a default or a literal.
 */
export const grafanaSecured: ResourceValidationPolicy = {
  name: "agentcloud-observability-grafana-secured",
  description:
    `Every Helm Release or Chart of ${MONITORING.chart} (chart ${MONITORING.chart}, or an OCI/URL chart ending in ` +
    `/${MONITORING.chart}) with Grafana enabled, and of the grafana chart, must keep Grafana inside the cluster ` +
    "(service.type ClusterIP or unset, the chart's default; no ingress or route enabled), leave anonymous access off " +
    '(grafana.ini "auth.anonymous".enabled, GF_AUTH_ANONYMOUS_ENABLED), set admin.existingSecret and no adminPassword.',
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10(
    "ASI03 Identity and Privilege Abuse: the fleet's monitoring UI takes no anonymous, default or plaintext credentials",
  ),
  tags: ["owasp-agentic-top10:ASI03", "owasp-agentic-top10:ASI10", "nsa-cisa-k8s-hardening-1.2:logging-threat-detection"],
  remediationSteps:
    "Use agentcloud's Observability (it generates the admin password into a Secret and keeps Grafana on a ClusterIP " +
    "Service). With your own values: set grafana.admin.existingSecret to a Secret holding admin-user and admin-password " +
    '(grafana.admin.userKey/passwordKey), remove grafana.adminPassword, grafana.ini "auth.anonymous" and any ' +
    "ingress or route, leave grafana.service.type unset or ClusterIP, and reach Grafana with kubectl port-forward or " +
    "behind an authenticating proxy you run.",
  validateResource: (args, report) => {
    const release = monitoringRelease(args);
    if (release === undefined) {
      return args.notApplicable(`Policy only applies to Helm releases of the ${MONITORING.chart} and grafana charts`);
    }
    const grafana = grafanaValues(release);
    if (grafana === undefined) return args.notApplicable("The release sets values.grafana.enabled to false");
    for (const problem of problems(...grafana)) {
      report(`${describeRelease(release)} and its Grafana ${problem}.`);
    }
  },
};
