import { describe, expect, it } from "vitest";
import type { ObservabilityArgs } from "../../../../components/kubernetes/observability/spec";
import {
  checkObservabilityOptions,
  prometheusDurationMs,
  validateObservabilityArgs,
} from "../../../../components/kubernetes/observability/validate";

const AMP_URL = "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234abcd-12ab-34cd-56ef-1234567890ab/api/v1/remote_write";
const ROLE = { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/amp-writer" };
const FULL: ObservabilityArgs = {
  namespace: "monitoring",
  retention: { time: "30d", size: "45GiB" },
  storage: { size: "100Gi", storageClassName: "gp3" },
  grafana: false,
  managedPrometheus: { kind: "amp", remoteWriteUrl: AMP_URL, region: "eu-west-1", serviceAccountAnnotations: ROLE },
  scrape: {
    gateway: { namespace: "agentcloud-gateway", name: "mcp-gateway" },
    cilium: { namespace: "kube-system", hubble: true },
    agentSandboxController: { namespace: "agent-sandbox-system" },
    dcgm: { namespace: "gpu-operator" },
    agents: [{ namespace: "team-a", name: "coder", metrics: { port: 9100, path: "/metrics" } }],
  },
};

describe("validateObservabilityArgs", () => {
  it("accepts the minimal and the full arguments", () => {
    expect(validateObservabilityArgs({ scrape: {} })).toEqual([]);
    expect(validateObservabilityArgs(FULL)).toEqual([]);
    expect(
      validateObservabilityArgs({
        scrape: {},
        managedPrometheus: {
          kind: "gmp",
          projectId: "acme-metrics",
          serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "p@acme-metrics.iam.gserviceaccount.com" },
        },
      }),
    ).toEqual([]);
  });

  it("requires an object with scrape targets", () => {
    expect(validateObservabilityArgs(undefined)).toEqual([
      { argument: "args", value: undefined, problem: "must be an object", fix: "pass { scrape: {...} } and the options" },
    ]);
    expect(validateObservabilityArgs({})).toEqual([
      { argument: "scrape", value: undefined, problem: "must be an object", fix: "pass the scrape targets, e.g. {} for Kubernetes only" },
    ]);
  });

  it("names unknown arguments with the closest known one", () => {
    expect(validateObservabilityArgs({ scrape: { gatway: {} }, retension: {} })).toEqual([
      { argument: "retension", value: {}, problem: "is not an argument of Observability", fix: `did you mean "retention"?` },
      { argument: "scrape.gatway", value: {}, problem: "is not an argument of Observability", fix: `did you mean "gateway"?` },
    ]);
  });

  it("reports every problem of retention, storage, grafana and the namespace at once", () => {
    expect(
      validateObservabilityArgs({
        namespace: "Monitoring",
        retention: { time: "12h", size: "45G" },
        storage: { size: "0", storageClassName: "GP3" },
        grafana: "yes",
        scrape: {},
      }),
    ).toEqual([
      {
        argument: "namespace",
        value: "Monitoring",
        problem:
          "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
        fix: `use a name like "my-agent"`,
      },
      {
        argument: "retention.time",
        value: "12h",
        problem: "must be at least one day (alerts and dashboards look back 24 hours)",
        fix: `use a duration like "15d"`,
      },
      {
        argument: "retention.size",
        value: "45G",
        problem: "is not a Prometheus byte size (a number and B, KB, MB, GB, TB, PB, EB or KiB ... EiB)",
        fix: `use a size like "45GiB"`,
      },
      { argument: "storage.size", value: "0", problem: "must be greater than zero", fix: `use a positive quantity like "50Gi"` },
      {
        argument: "storage.storageClassName",
        value: "GP3",
        problem: "must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.')",
        fix: `use a name like "my-agent" or "tools.example.com"`,
      },
      { argument: "grafana", value: "yes", problem: "must be true or false", fix: "set grafana to true or false" },
    ]);
  });

  it("rejects a retention that is no Prometheus duration", () => {
    expect(validateObservabilityArgs({ retention: { time: "2 weeks" }, scrape: {} })).toEqual([
      {
        argument: "retention.time",
        value: "2 weeks",
        problem: "is not a Prometheus duration (numbers with y, w, d, h, m, s or ms, largest unit first)",
        fix: `use a duration like "15d"`,
      },
    ]);
  });

  it("checks AMP's URL, region and that GMP fields stay out", () => {
    expect(
      validateObservabilityArgs({
        managedPrometheus: {
          kind: "amp",
          remoteWriteUrl: "http://example.com",
          region: "eu",
          projectId: "p",
          serviceAccountAnnotations: {},
        },
        scrape: {},
      }),
    ).toEqual([
      {
        argument: "managedPrometheus.remoteWriteUrl",
        value: "http://example.com",
        problem: "must be an AMP workspace's remote-write URL",
        fix: "use https://aps-workspaces.<region>.amazonaws.com/workspaces/<workspace id>/api/v1/remote_write",
      },
      { argument: "managedPrometheus.region", value: "eu", problem: "must be an AWS region", fix: `use a region like "eu-west-1"` },
      { argument: "managedPrometheus.projectId", value: "p", problem: `is for kind "gmp" only`, fix: "remove projectId" },
    ]);
    expect(
      validateObservabilityArgs({
        managedPrometheus: { kind: "amp", remoteWriteUrl: AMP_URL, region: "us-east-1", serviceAccountAnnotations: ROLE },
        scrape: {},
      }),
    ).toEqual([
      {
        argument: "managedPrometheus.region",
        value: "us-east-1",
        problem: "is not the region of remoteWriteUrl (SigV4 signs for the workspace's region)",
        fix: "use the region in the workspace's URL",
      },
    ]);
  });

  it("checks GMP's project and that it takes no remote write", () => {
    expect(
      validateObservabilityArgs({
        managedPrometheus: { kind: "gmp", projectId: "1abc", remoteWriteUrl: AMP_URL, serviceAccountAnnotations: { "bad key!": "x" } },
        scrape: {},
      }),
    ).toEqual([
      {
        argument: `managedPrometheus.serviceAccountAnnotations["bad key!"]`,
        value: "bad key!",
        problem: "is not an annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
        fix: `use a key like "eks.amazonaws.com/role-arn"`,
      },
      {
        argument: "managedPrometheus.projectId",
        value: "1abc",
        problem: "must be a Google Cloud project id",
        fix: `use a project id like "my-project-123"`,
      },
      {
        argument: "managedPrometheus.remoteWriteUrl",
        value: AMP_URL,
        problem: `is for kind "amp" only: GMP takes no remote write, its Prometheus exports to the project`,
        fix: "remove remoteWriteUrl",
      },
    ]);
    expect(validateObservabilityArgs({ managedPrometheus: { kind: "azure" }, scrape: {} })).toEqual([
      {
        argument: "managedPrometheus.kind",
        value: "azure",
        problem: `must be one of "amp", "gmp"`,
        fix: "set managedPrometheus.kind to one of those",
      },
      {
        argument: "managedPrometheus.serviceAccountAnnotations",
        value: undefined,
        problem: "must be a map of annotation keys to string values",
        fix: `use a map like {"example.com/role": "reader"}`,
      },
    ]);
  });

  it("checks every scrape target and each agent once", () => {
    const agent = { namespace: "team-a", name: "coder", metrics: { port: 9100, path: "/metrics" } };
    expect(
      validateObservabilityArgs({
        scrape: {
          gateway: { namespace: "agentcloud-gateway" },
          cilium: { namespace: "kube-system" },
          dcgm: "gpu-operator",
          agents: [agent, agent, { namespace: "team-b", name: "x", metrics: { port: 0, path: "metrics" } }],
        },
      }),
    ).toEqual([
      {
        argument: "scrape.gateway.name",
        value: undefined,
        problem:
          "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)",
        fix: `use a name like "my-agent"`,
      },
      { argument: "scrape.dcgm", value: "gpu-operator", problem: "must be an object", fix: "use { namespace }" },
      { argument: "scrape.agents[1]", value: "team-a/coder", problem: "is listed twice", fix: "list each agent once" },
      {
        argument: "scrape.agents[2].metrics.port",
        value: 0,
        problem: "must be a whole number from 1 to 65535",
        fix: "set scrape.agents[2].metrics.port to a whole number from 1 to 65535",
      },
      {
        argument: "scrape.agents[2].metrics.path",
        value: "metrics",
        problem: "must be a URL path starting with '/' (no spaces, query or fragment)",
        fix: `use a path like "/metrics"`,
      },
      {
        argument: "scrape.cilium.hubble",
        value: undefined,
        problem: "must be true or false",
        fix: "set scrape.cilium.hubble to true or false",
      },
    ]);
  });
});

describe("checkObservabilityOptions", () => {
  it("prefixes every argument, accepts undefined and rejects scrape in the fleet's options", () => {
    expect(checkObservabilityOptions("observability", undefined)).toEqual([]);
    expect(checkObservabilityOptions("observability", { retention: { time: "1d" } })).toEqual([]);
    expect(checkObservabilityOptions("observability", { scrape: {}, storage: { size: "lots" } })).toEqual([
      {
        argument: "observability.scrape",
        value: {},
        problem: "is not an argument of Observability",
        fix: "use only namespace, retention, storage, grafana, managedPrometheus",
      },
      { argument: "observability.storage.size", value: "lots", problem: "is not a Kubernetes quantity", fix: `use a quantity like "50Gi"` },
    ]);
    expect(checkObservabilityOptions("observability", true)).toEqual([
      {
        argument: "observability",
        value: true,
        problem: "must be an object",
        fix: `use e.g. { retention: { time: "15d" } }, or false for no monitoring`,
      },
    ]);
  });
});

describe("prometheusDurationMs", () => {
  it("adds up the units and rejects other grammars", () => {
    expect(prometheusDurationMs("1d")).toBe(86_400_000);
    expect(prometheusDurationMs("1w2d3h")).toBe((9 * 24 + 3) * 3_600_000);
    expect(prometheusDurationMs("1y")).toBe(365 * 86_400_000);
    expect(prometheusDurationMs("90s500ms")).toBe(90_500);
    expect(prometheusDurationMs("")).toBeUndefined();
    expect(prometheusDurationMs("1d1w")).toBeUndefined();
    expect(prometheusDurationMs(15)).toBeUndefined();
  });
});
