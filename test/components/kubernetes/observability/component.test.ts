import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { containsSecret, unwrapSecret } from "../../../../cli/secrets";
import { Observability } from "../../../../components/kubernetes";
import { resolveObservability } from "../../../../components/kubernetes/observability/resolve";
import { kubePrometheusStackValues } from "../../../../components/kubernetes/observability/values";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

interface Outputs {
  namespaceName: string;
  grafanaService: string;
  prometheusService: string;
  grafanaAdminSecret: string;
}

function outputsOf(o: Observability): Promise<Outputs> {
  return new Promise((resolve) =>
    pulumi
      .all([o.namespaceName, o.grafanaService, o.prometheusService, o.grafanaAdminSecret])
      .apply(([namespaceName, grafanaService, prometheusService, grafanaAdminSecret]) =>
        resolve({ namespaceName, grafanaService, prometheusService, grafanaAdminSecret }),
      ),
  );
}

const ARGS = {
  retention: { time: "30d" },
  scrape: { gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" }, dcgm: { namespace: "gpu-operator" } },
};

describe("Observability", () => {
  it("registers the namespace, the Grafana password and Secret, the release, then the monitors, rules and dashboards", async () => {
    let outputs: Promise<Outputs> | undefined;
    const rec = await record(() => {
      outputs = outputsOf(new Observability("obs", ARGS));
    });
    const component = rec.named("obs");
    expect([component.type, component.custom]).toEqual(["agentcloud:kubernetes:Observability", false]);
    const children = rec.registrations.filter((r) => r.parent === component.urn);
    expect(children.map((r) => [r.name, r.type]).sort(([a], [b]) => a.localeCompare(b))).toEqual(
      [
        ["obs-dashboard-cost", "kubernetes:core/v1:ConfigMap"],
        ["obs-dashboard-fleet", "kubernetes:core/v1:ConfigMap"],
        ["obs-dashboard-gpu", "kubernetes:core/v1:ConfigMap"],
        ["obs-dashboard-tools", "kubernetes:core/v1:ConfigMap"],
        ["obs-grafana-admin", "kubernetes:core/v1:Secret"],
        ["obs-grafana-password", "random:index/randomPassword:RandomPassword"],
        ["obs-kube-prometheus-stack", "kubernetes:helm.sh/v3:Release"],
        ["obs-namespace", "kubernetes:core/v1:Namespace"],
        ["obs-podmonitor-dcgm-exporter", "kubernetes:monitoring.coreos.com/v1:PodMonitor"],
        ["obs-podmonitor-mcp-gateway", "kubernetes:monitoring.coreos.com/v1:PodMonitor"],
        ...children
          .filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
          .map((r) => [r.name, r.type])
          .sort(([a], [b]) => a.localeCompare(b)),
      ].sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(children.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule").length).toBeGreaterThan(0);
    const urn = (name: string) => rec.named(name).urn;
    const release = rec.named("obs-kube-prometheus-stack");
    expect(release.dependencies).toEqual([urn("obs-grafana-admin"), urn("obs-namespace")].sort());
    expect(release.inputs).toMatchObject({
      name: "agentcloud-monitoring",
      chart: "kube-prometheus-stack",
      version: "88.5.3",
      namespace: "agentcloud-monitoring",
      repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
    });
    expect(release.inputs.values).toEqual(kubePrometheusStackValues(resolveObservability(ARGS)));
    for (const r of children.filter((c) => /(podmonitor|rules|dashboard)-/.test(c.name))) expect(r.dependencies).toEqual([release.urn]);
    expect(rec.named("obs-grafana-admin").dependencies).toEqual([urn("obs-namespace"), urn("obs-grafana-password")].sort());
    expect(rec.named("obs-grafana-password").inputs).toMatchObject({ length: 32, special: false });
    expect(await outputs).toEqual({
      namespaceName: "agentcloud-monitoring",
      grafanaService: "agentcloud-monitoring-grafana",
      prometheusService: "agentcloud-monitoring-prometheus",
      grafanaAdminSecret: "agentcloud-grafana-admin",
    });
  });

  it("keeps the Grafana password a secret: only the Secret's password is one, and nothing else holds it", async () => {
    const rec = await record(() => void new Observability("obs", ARGS));
    const secret = rec.named("obs-grafana-admin").inputs as { metadata: unknown; type: string; stringData: Record<string, unknown> };
    expect(unwrapSecret(secret.metadata).value).toMatchObject({ name: "agentcloud-grafana-admin", namespace: "agentcloud-monitoring" });
    expect(secret.type).toBe("Opaque");
    expect(unwrapSecret(secret.stringData).value).toMatchObject({ "admin-user": "admin" });
    expect(containsSecret(secret.stringData)).toBe(true);
    const others = rec.registrations.filter((r) => r.name !== "obs-grafana-admin" && r.name !== "obs-grafana-password");
    expect(others.filter((r) => containsSecret(r.inputs)).map((r) => r.name)).toEqual([]);
  });

  it("without Grafana: no password, Secret or dashboards, empty Grafana outputs", async () => {
    let outputs: Promise<Outputs> | undefined;
    const rec = await record(() => {
      outputs = outputsOf(new Observability("obs", { grafana: false, scrape: {} }));
    });
    expect(rec.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
    expect(rec.ofType("kubernetes:core/v1:Secret")).toEqual([]);
    expect(rec.ofType("kubernetes:core/v1:ConfigMap")).toEqual([]);
    expect(rec.named("obs-kube-prometheus-stack").dependencies).toEqual([rec.named("obs-namespace").urn]);
    expect(await outputs).toEqual({
      namespaceName: "agentcloud-monitoring",
      grafanaService: "",
      prometheusService: "agentcloud-monitoring-prometheus",
      grafanaAdminSecret: "",
    });
  });

  it("throws every problem before registering anything", async () => {
    const { error, rec } = await recordRejection(
      () => new Observability("obs", { retention: { time: "1h" }, grafana: "no", scrape: { dcgm: {} } } as never),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).message).toBe(
      [
        `Observability "obs" has 3 invalid arguments:`,
        `  - retention.time: must be at least one day (alerts and dashboards look back 24 hours) (got "1h"); fix: use a duration like "15d"`,
        `  - grafana: must be true or false (got "no"); fix: set grafana to true or false`,
        `  - scrape.dcgm.namespace: must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit) (got undefined); fix: use a name like "my-agent"`,
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
