import { describe, expect, it } from "vitest";
import { grafanaSecured } from "../../../policies/observability/grafana-secured";
import { messages, registration, violations } from "../helpers";
import { builtRelease, grafanaRelease, podMonitor, stackRelease } from "./objects";

const KPS = 'Helm Release "agentcloud-monitoring" installs kube-prometheus-stack and its Grafana';
const NO_SECRET =
  "sets no values.grafana.admin.existingSecret, so Grafana's admin password is not one the stack manages as a secret; " +
  "generate it into a Secret (agentcloud does, with a random password) and name that Secret there.";

describe("agentcloud-observability-grafana-secured", () => {
  it("passes the release Observability renders, with Grafana and without", async () => {
    expect(await messages(grafanaSecured, [builtRelease(), builtRelease({ grafana: false }, "no-grafana")])).toEqual([]);
  });

  it("passes a release with Grafana in a Secret on a ClusterIP Service, and one with Grafana off", async () => {
    const unset = stackRelease((v) => {
      delete v.grafana.service;
      delete v.grafana.ingress;
      delete v.grafana["grafana.ini"];
    }, "unset");
    const off = stackRelease((v) => {
      v.grafana = { enabled: false, adminPassword: "prom-operator" };
    }, "off");
    expect(await messages(grafanaSecured, [stackRelease(), unset, off, grafanaRelease()])).toEqual([]);
  });

  it("is not applicable to other charts and objects", async () => {
    const cilium = registration("kubernetes:helm.sh/v3:Release", "cilium", {
      chart: "cilium",
      values: { grafana: { adminPassword: "x" } },
    });
    const lookalike = stackRelease((v) => (v.grafana.ingress.enabled = true), "lookalike", "my-kube-prometheus-stack");
    expect(await violations([grafanaSecured], [cilium, lookalike, podMonitor()])).toEqual([]);
  });

  it("flags a public Service, an ingress, a route and anonymous access, with severity and URN", async () => {
    const open = stackRelease((v) => {
      v.grafana.service.type = "LoadBalancer";
      v.grafana.ingress = { enabled: true, hosts: ["grafana.CANARY.example"] };
      v.grafana.route = { main: { enabled: true, hostnames: ["CANARY.example"] }, "CANARY key!": { enabled: true } };
      v.grafana["grafana.ini"]["auth.anonymous"] = { enabled: "True", org_role: "Viewer" };
      v.grafana.env = { GF_AUTH_ANONYMOUS_ENABLED: "yes" };
    });
    const found = await violations([grafanaSecured], [open]);
    expect(found.map((v) => [v.message, v.urn, v.severity])).toEqual(
      [
        `${KPS} enables values.grafana.ingress, which publishes Grafana outside the cluster; turn it off.`,
        `${KPS} enables values.grafana.route (a Gateway API route), which publishes Grafana outside the cluster; turn it off.`,
        `${KPS} enables values.grafana.route.main (a Gateway API route), which publishes Grafana outside the cluster; turn it off.`,
        `${KPS} sets values.grafana.env.GF_AUTH_ANONYMOUS_ENABLED, so anyone who reaches Grafana sees the fleet's metrics; remove it.`,
        `${KPS} sets values.grafana.service.type to "LoadBalancer"; use ClusterIP (the chart's default).`,
        `${KPS} sets values.grafana["grafana.ini"]["auth.anonymous"].enabled, so anyone who reaches Grafana sees the fleet's ` +
          "metrics; remove it.",
      ].map((m) => [m, "urn:pulumi:test::test::kubernetes:helm.sh/v3:Release::agentcloud-monitoring", "high"]),
    );
    const odd = stackRelease((v) => (v.grafana.service.type = "CANARY"), "odd");
    expect(await messages(grafanaSecured, [odd])).toEqual([
      'Helm Release "odd" installs kube-prometheus-stack and its Grafana sets values.grafana.service.type to a value; use ' +
        "ClusterIP (the chart's default).",
    ]);
  });

  it("flags default and literal passwords without printing them, and a missing existingSecret", async () => {
    const defaults = stackRelease((v) => {
      delete v.grafana.admin;
      v.grafana.adminPassword = "prom-operator";
    });
    expect(await messages(grafanaSecured, [defaults])).toEqual([
      `${KPS} ${NO_SECRET}`,
      `${KPS} sets values.grafana.adminPassword to a well-known default password; remove it and name a Secret in ` +
        "values.grafana.admin.existingSecret.",
    ]);
    const literal = stackRelease((v) => {
      v.grafana.adminPassword = "CANARY-s3cret";
      v.grafana.admin.existingSecret = " ";
    });
    expect(await messages(grafanaSecured, [literal])).toEqual([
      `${KPS} ${NO_SECRET}`,
      `${KPS} sets values.grafana.adminPassword, a literal password in the release's values; remove it and name a Secret ` +
        "in values.grafana.admin.existingSecret.",
    ]);
    const chartDefault = stackRelease((v) => delete v.grafana.admin);
    expect(await messages(grafanaSecured, [chartDefault])).toEqual([`${KPS} ${NO_SECRET}`]);
  });

  it("judges OCI and .tgz chart references, Helm Charts, and the standalone grafana chart at the top of its values", async () => {
    const oci = stackRelease(
      (v) => (v.grafana.ingress.enabled = true),
      "oci",
      "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack",
    );
    const tgz = stackRelease((v) => (v.grafana.ingress.enabled = true), "tgz", "./charts/kube-prometheus-stack-88.5.3.tgz");
    const chart = stackRelease((v) => (v.grafana.ingress.enabled = true), "chart", "kube-prometheus-stack", "kubernetes:helm.sh/v4:Chart");
    const grafana = grafanaRelease((v) => {
      v.service.type = "NodePort";
      delete v.admin;
      v.adminPassword = "admin";
    });
    const turn = "enables values.grafana.ingress, which publishes Grafana outside the cluster; turn it off.";
    expect(await messages(grafanaSecured, [oci, tgz, chart, grafana])).toEqual([
      'Helm Release "grafana" installs grafana and its Grafana sets no values.admin.existingSecret, so Grafana\'s admin ' +
        "password is not one the stack manages as a secret; generate it into a Secret (agentcloud does, with a random " +
        "password) and name that Secret there.",
      'Helm Release "grafana" installs grafana and its Grafana sets values.adminPassword to a well-known default ' +
        "password; remove it and name a Secret in values.admin.existingSecret.",
      'Helm Release "grafana" installs grafana and its Grafana sets values.service.type to "NodePort"; use ClusterIP ' +
        "(the chart's default).",
      'Helm Release "oci" installs kube-prometheus-stack and its Grafana ' + turn,
      'Helm Release "tgz" installs kube-prometheus-stack and its Grafana ' + turn,
      'Helm Chart "chart" installs kube-prometheus-stack and its Grafana ' + turn,
    ]);
  });
});
