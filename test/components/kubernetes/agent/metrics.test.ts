import { describe, expect, it } from "vitest";
import { buildAgent, resolveAgent, scrapedByMonitoring, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import {
  buildAgentCiliumPolicy,
  DEFAULT_CLUSTER_DNS,
  prometheusEndpoint,
  type FabricContext,
} from "../../../../components/kubernetes/network";
import { invalidObjects } from "../../../helpers/schema";
import { BASE } from "./fixtures";

const PROMETHEUS = { "app.kubernetes.io/name": "prometheus", prometheus: "agentcloud-monitoring-prometheus" };
const MONITORING = { namespace: "agentcloud-monitoring", podSelector: PROMETHEUS };
const CONTEXT: FabricContext = { dns: DEFAULT_CLUSTER_DNS, identityEndpoints: [], tenants: ["agents"] };

const build = (args: AgentArgs) => buildAgent(resolveAgent("coder", args));
const ofKind = (args: AgentArgs, kind: string) => build(args).find((o) => o.object.kind === kind)!.object as any;

describe("an agent's metrics declaration: validation", () => {
  it("accepts a port of its own and an absolute path", () => {
    expect(validateAgentArgs("coder", { ...BASE, metrics: { port: 9090 } })).toEqual([]);
    expect(validateAgentArgs("coder", { ...BASE, port: 9090, metrics: { port: 8080, path: "/internal/metrics" } })).toEqual([]);
  });

  it("rejects the serving port (the default one too), with a free port as the fix", () => {
    expect(validateAgentArgs("coder", { ...BASE, metrics: { port: 8080 } })).toEqual([
      {
        argument: "metrics.port",
        value: 8080,
        problem:
          "is the agent's serving port, which its callers reach; metrics need a port of their own that only the fleet's Prometheus may reach",
        fix: "use another port, e.g. 9090",
      },
    ]);
    expect(validateAgentArgs("coder", { ...BASE, port: 9090, metrics: { port: 9090 } })[0].fix).toBe("use another port, e.g. 9091");
  });

  it("rejects a port out of range, a relative path, unknown fields and a non-object, all at once", () => {
    const problems = validateAgentArgs("coder", { ...BASE, metrics: { port: 0, path: "metrics", scheme: "https" } as never });
    expect(problems.map((p) => [p.argument, p.problem])).toEqual([
      ["metrics.scheme", "is not a field of metrics"],
      ["metrics.port", "must be a whole number from 1 to 65535"],
      ["metrics.path", "must be an absolute URL path starting with / (no spaces)"],
    ]);
    expect(validateAgentArgs("coder", { ...BASE, metrics: 9090 as never })).toEqual([
      { argument: "metrics", value: 9090, problem: "must be an object", fix: `use { port: 9090, path: "/metrics" }` },
    ]);
  });

  it("checks the monitoring endpoint the platform injects", () => {
    expect(
      validateAgentArgs("coder", { ...BASE, platform: { monitoring: { namespace: "Bad_NS", podSelector: {} } } }).map((p) => p.argument),
    ).toEqual(["platform.monitoring.namespace", "platform.monitoring.podSelector"]);
    expect(validateAgentArgs("coder", { ...BASE, platform: { monitoring: { namespace: "m", podSelector: {} } } })[0]).toEqual({
      argument: "platform.monitoring.podSelector",
      value: {},
      problem: "must be a non-empty map of the Prometheus pods' labels (an empty one admits every pod of the namespace)",
      fix: `pass e.g. { "app.kubernetes.io/name": "prometheus" }`,
    });
  });
});

describe("an agent's metrics declaration: objects", () => {
  it("resolves the default path, and is scraped only with both metrics and monitoring", () => {
    expect(resolveAgent("coder", { ...BASE, metrics: { port: 9090 } }).metrics).toEqual({ port: 9090, path: "/metrics" });
    expect(scrapedByMonitoring(resolveAgent("coder", { ...BASE, metrics: { port: 9090 } }))).toBe(false);
    expect(scrapedByMonitoring(resolveAgent("coder", { ...BASE, platform: { monitoring: MONITORING } }))).toBe(false);
    expect(scrapedByMonitoring(resolveAgent("coder", { ...BASE, metrics: { port: 9090 }, platform: { monitoring: MONITORING } }))).toBe(
      true,
    );
  });

  it("gives the container a port named metrics, and the Service none (Prometheus scrapes the pods)", async () => {
    const args = { ...BASE, metrics: { port: 9090 }, platform: { monitoring: MONITORING } };
    const deployment = ofKind(args, "Deployment");
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([
      { name: "http", containerPort: 8080, protocol: "TCP" },
      { name: "metrics", containerPort: 9090, protocol: "TCP" },
    ]);
    expect(ofKind(args, "Service").spec.ports).toEqual([{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }]);
    expect(ofKind(BASE, "Deployment").spec.template.spec.containers[0].ports).toEqual([
      { name: "http", containerPort: 8080, protocol: "TCP" },
    ]);
    expect(await invalidObjects(build(args).map((o) => o.object))).toEqual([]);
  });

  it("admits the Prometheus pods on the metrics port only, in the NetworkPolicy", () => {
    const policy = ofKind({ ...BASE, metrics: { port: 9090 }, platform: { monitoring: MONITORING } }, "NetworkPolicy");
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agentcloud-monitoring" } },
            podSelector: { matchLabels: PROMETHEUS },
          },
        ],
        ports: [{ protocol: "TCP", port: 9090 }],
      },
    ]);
  });

  it("admits no scraper without monitoring, and none without metrics", () => {
    expect(ofKind({ ...BASE, metrics: { port: 9090 } }, "NetworkPolicy").spec.ingress).toEqual([]);
    expect(ofKind({ ...BASE, platform: { monitoring: MONITORING } }, "NetworkPolicy").spec.ingress).toEqual([]);
  });

  it("admits the Prometheus pods on the metrics port only, in the CiliumNetworkPolicy", async () => {
    const agent = resolveAgent("coder", { ...BASE, metrics: { port: 9090 }, platform: { monitoring: MONITORING } });
    const pods = {
      matchLabels: {
        "k8s:io.kubernetes.pod.namespace": "agentcloud-monitoring",
        "k8s:app.kubernetes.io/name": "prometheus",
        "k8s:prometheus": "agentcloud-monitoring-prometheus",
      },
    };
    expect(prometheusEndpoint(MONITORING)).toEqual(pods);
    const policy = buildAgentCiliumPolicy(agent, CONTEXT);
    expect(policy.spec.ingress).toEqual([{ fromEndpoints: [pods], toPorts: [{ ports: [{ port: "9090", protocol: "TCP" }] }] }]);
    expect(buildAgentCiliumPolicy(resolveAgent("coder", { ...BASE, metrics: { port: 9090 } }), CONTEXT).spec.ingress).toEqual([]);
    expect(await invalidObjects([policy])).toEqual([]);
  });
});
