import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveGpuSharing } from "../../../../components/kubernetes/gpu-sharing/resolve";
import { dcgmExporterValues, devicePluginValues } from "../../../../components/kubernetes/gpu-sharing/values";
import { DCGM_METRICS_PORT, DCGM_POD_SELECTOR } from "../../../../components/kubernetes/observability/scrape";
import { UPSTREAM } from "../../../../components/vocabulary";
import { UPSTREAM_DIR } from "../../../helpers/schema";

const load = (...path: string[]) => parse(readFileSync(join(UPSTREAM_DIR, ...path), "utf8")) as Record<string, unknown>;
const PLUGIN = load("nvidia-device-plugin", `v${UPSTREAM.nvidiaDevicePlugin.version}`, "values.yaml");
const DCGM = load("dcgm-exporter", "4.5.3-4.8.2", "values.yaml");
// Keys whose value is a Kubernetes object or a free map: what is under them is the Kubernetes schema's, not the chart's.
const OBJECT_VALUED = ["map", "affinity", "podSecurityContext", "securityContext", "resources", "podLabels", "nodeSelector"];

/** Every leaf key path of a values object (lists are leaves). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

/** Paths of `values` the chart's values.yaml does not have. */
function unknownPaths(chart: Record<string, unknown>, values: object): string[] {
  return leafPaths(values)
    .filter((path) => {
      let node: unknown = chart;
      for (const key of path) {
        if (typeof node !== "object" || node === null || !(key in node)) return true;
        if (OBJECT_VALUED.includes(key)) return false;
        node = (node as Record<string, unknown>)[key];
      }
      return false;
    })
    .map((p) => p.join("."));
}

const SHARING = resolveGpuSharing({
  pools: [
    { pool: "gpu", replicas: 4 },
    { pool: "whole", replicas: 1 },
    { pool: "rocket", replicas: 2, devicePlugin: "platform" },
  ],
});

describe("devicePluginValues", () => {
  const values = devicePluginValues(SHARING);

  it("sets only keys the pinned chart's values.yaml has", () => {
    expect(unknownPaths(PLUGIN, values)).toEqual([]);
    // The chart's own keys for per-node configs (values.yaml `config.map`, `config.default`), which the
    // config-manager selects by the node label nvidia.com/device-plugin.config.
    expect(Object.keys(PLUGIN.config as object)).toEqual(["name", "map", "default", "fallbackStrategies"]);
  });

  it("writes one time-slicing config per chart pool, whole GPUs for the default and replicas 1, none for platform pools", () => {
    expect(Object.keys(values.config.map)).toEqual(["default", "gpu", "whole"]);
    expect(values.config.default).toBe("default");
    expect(parse(values.config.map.default)).toEqual({ version: "v1", flags: { migStrategy: "none" } });
    expect(parse(values.config.map.whole)).toEqual({ version: "v1", flags: { migStrategy: "none" } });
    expect(parse(values.config.map.gpu)).toEqual({
      version: "v1",
      flags: { migStrategy: "none" },
      sharing: {
        timeSlicing: {
          renameByDefault: false,
          failRequestsGreaterThanOne: true,
          resources: [{ name: "nvidia.com/gpu", replicas: 4 }],
        },
      },
    });
  });

  it("renames shares when the pools ask for it", () => {
    const renamed = devicePluginValues(resolveGpuSharing({ pools: [{ pool: "gpu", replicas: 3, renameByDefault: true }] }));
    expect(parse(renamed.config.map.gpu).sharing.timeSlicing).toEqual({
      renameByDefault: true,
      failRequestsGreaterThanOne: true,
      resources: [{ name: "nvidia.com/gpu", replicas: 3 }],
    });
  });

  it("runs on agentcloud's GPU nodes only, off the platform pools, tolerating the GPU taint only", () => {
    expect(values.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "agentcloud.dev/gpu", operator: "In", values: ["true"] },
                { key: "agentcloud.dev/gpu-pool", operator: "NotIn", values: ["rocket"] },
              ],
            },
          ],
        },
      },
    });
    expect(values.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    const noPlatform = devicePluginValues(resolveGpuSharing({ pools: [{ pool: "gpu" }] }));
    expect(noPlatform.affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "agentcloud.dev/gpu", operator: "In", values: ["true"] }] },
    ]);
  });

  it("is hardened: no privilege escalation, no capabilities, RuntimeDefault seccomp, bounded memory, no GFD", () => {
    expect(values.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(values.podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
    expect(values.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    expect(values.gfd).toEqual({ enabled: false });
  });
});

describe("dcgmExporterValues", () => {
  const values = dcgmExporterValues();

  it("sets only keys the pinned chart's values.yaml has", () => {
    expect(unknownPaths(DCGM, values)).toEqual([]);
  });

  it("labels its pods as Observability's PodMonitor selects, on the port it scrapes, and drops the chart's ServiceMonitor", () => {
    expect(values.podLabels).toEqual({ ...DCGM_POD_SELECTOR });
    expect((DCGM.service as { port: number }).port).toBe(DCGM_METRICS_PORT);
    expect(values.serviceMonitor).toEqual({ enabled: false });
  });

  it("runs on every agentcloud GPU node, tolerating the GPU taint, with RuntimeDefault seccomp and the chart's resources", () => {
    expect(values.nodeSelector).toEqual({ "agentcloud.dev/gpu": "true" });
    expect(values.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(values.podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
    expect(values.resources).toEqual(DCGM.resources);
  });
});
