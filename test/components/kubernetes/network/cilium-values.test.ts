import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ciliumValues, type CiliumFabricOptions } from "../../../../components/kubernetes/network";
import { UPSTREAM } from "../../../../components/vocabulary";
import { UPSTREAM_DIR } from "../../../helpers/schema";

const CHART_DIR = join(UPSTREAM_DIR, "cilium", UPSTREAM.cilium.version);
const SCHEMA = JSON.parse(readFileSync(join(CHART_DIR, "values.schema.json"), "utf8")) as object;
const VALUES_TEXT = readFileSync(join(CHART_DIR, "values.yaml"), "utf8");
const VALUES = parse(VALUES_TEXT) as Record<string, unknown>;
// Keys the chart reads but values.yaml only documents in a comment (MANIFEST.md: `# hostNamespaceOnly: false`;
// `# egressMasqueradeInterfaces: ""` at the top level).
const COMMENT_ONLY = ["socketLB.hostNamespaceOnly", "egressMasqueradeInterfaces"];

const validate = new Ajv({ strict: false, allErrors: true }).compile(SCHEMA);

/** Every leaf key path of a values object (`encryption.type`). */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Whether values.yaml has the key path (a map all the way down to the last key). */
function inValuesYaml(path: string): boolean {
  let node: unknown = VALUES;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

const OPTION_SETS: [string, CiliumFabricOptions][] = [
  ["defaults", {}],
  ["ipsec", { encryption: "ipsec" }],
  ["WireGuard with node encryption", { nodeEncryption: true }],
  ["kube-proxy replacement", { kubeProxyReplacement: { k8sServiceHost: "10.0.0.10", k8sServicePort: 443 } }],
  ["one operator", { operatorReplicas: 1 }],
  [
    "EKS with ENI",
    {
      datapath: "eks-eni",
      cidrSelectsNodes: true,
      kubeProxyReplacement: { k8sServiceHost: "ABC.gr7.eu-west-1.eks.amazonaws.com", k8sServicePort: 443 },
    },
  ],
];

describe("ciliumValues", () => {
  it("by default: WireGuard, socket LB in the host namespace only, kube-proxy kept, L7 proxy, default enforcement, agent/operator/Hubble metrics, Hubble with relay and no UI", () => {
    const labels = "labelsContext=source_namespace,source_workload,destination_namespace,destination_workload,traffic_direction";
    expect(ciliumValues()).toEqual({
      encryption: { enabled: true, type: "wireguard", nodeEncryption: false },
      socketLB: { hostNamespaceOnly: true },
      kubeProxyReplacement: false,
      l7Proxy: true,
      policyEnforcementMode: "default",
      prometheus: { enabled: true },
      hubble: {
        enabled: true,
        metrics: { enabled: [`drop:${labels}`, `flow:${labels}`] },
        relay: { enabled: true },
        ui: { enabled: false },
      },
      operator: { replicas: 2, prometheus: { enabled: true } },
    });
  });

  it("turns Hubble metrics on with per-workload source and destination labels only (no pod-level labels)", () => {
    const enabled = ciliumValues().hubble.metrics.enabled;
    expect(enabled.map((m) => m.split(":")[0])).toEqual(["drop", "flow"]);
    for (const metric of enabled) {
      const options = metric.split(":")[1].split(";");
      expect(options).toEqual([
        "labelsContext=source_namespace,source_workload,destination_namespace,destination_workload,traffic_direction",
      ]);
      expect(metric).not.toMatch(/pod/);
    }
  });

  it("turns kube-proxy replacement on with the API server address (port 6443 unless given)", () => {
    const values = ciliumValues({ kubeProxyReplacement: { k8sServiceHost: "api.example.internal" } });
    expect(values.kubeProxyReplacement).toBe(true);
    expect(values.k8sServiceHost).toBe("api.example.internal");
    expect(values.k8sServicePort).toBe(6443);
    expect(values.socketLB).toEqual({ hostNamespaceOnly: true });
    expect(ciliumValues({ kubeProxyReplacement: { k8sServiceHost: "10.0.0.10", k8sServicePort: 443 } }).k8sServicePort).toBe(443);
    expect("k8sServiceHost" in ciliumValues()).toBe(false);
  });

  it("selects IPsec, node encryption and the operator's replicas", () => {
    expect(ciliumValues({ encryption: "ipsec" }).encryption).toEqual({ enabled: true, type: "ipsec", nodeEncryption: false });
    expect(ciliumValues({ nodeEncryption: true }).encryption).toEqual({ enabled: true, type: "wireguard", nodeEncryption: true });
    expect(ciliumValues({ operatorReplicas: 1 }).operator).toEqual({ replicas: 1, prometheus: { enabled: true } });
  });

  it("on EKS with ENI, lets Cilium allocate VPC addresses from ENIs and route natively (Cilium's Helm install guide, EKS)", () => {
    const values = ciliumValues({ datapath: "eks-eni" });
    expect(values.eni).toEqual({ enabled: true });
    expect(values.ipam).toEqual({ mode: "eni" });
    expect(values.routingMode).toBe("native");
    expect(values.egressMasqueradeInterfaces).toBe("eth+");
    expect(ciliumValues({ datapath: "overlay" })).toEqual(ciliumValues());
    expect(Object.keys(ciliumValues())).not.toContain("egressMasqueradeInterfaces");
    expect(Object.keys(ciliumValues())).not.toContain("eni");
  });

  it("lets CIDR rules select nodes only when asked (EKS Pod Identity lives on the node: cilium/cilium #34387)", () => {
    expect(ciliumValues({ cidrSelectsNodes: true }).policyCIDRMatchMode).toEqual(["nodes"]);
    expect(Object.keys(ciliumValues({ cidrSelectsNodes: false }))).not.toContain("policyCIDRMatchMode");
  });

  it.each(OPTION_SETS)("validates against the pinned chart's values.schema.json (%s)", (_name, options) => {
    expect(validate(ciliumValues(options)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the schema is draft-07 and catches a wrong type (so the check above can fail)", () => {
    expect((SCHEMA as { $schema: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(validate({ ...ciliumValues(), l7Proxy: "yes" })).toBe(false);
    expect(validate({ ...ciliumValues(), operator: { replicas: "2" } })).toBe(false);
  });

  it.each(OPTION_SETS)("sets only keys values.yaml has, besides the documented comment-only ones (%s)", (_name, options) => {
    const paths = leafPaths(ciliumValues(options));
    expect(paths.filter((p) => !inValuesYaml(p) && !COMMENT_ONLY.includes(p))).toEqual([]);
  });

  it("the comment-only key is a comment inside the socketLB block of values.yaml, and not a key", () => {
    expect(inValuesYaml("socketLB.hostNamespaceOnly")).toBe(false);
    const lines = VALUES_TEXT.split("\n");
    const start = lines.indexOf("socketLB:");
    const end = lines.findIndex((l, i) => i > start && /^\S/.test(l) && !l.startsWith("#"));
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start, end).map((l) => l.trim())).toContain("# hostNamespaceOnly: false");
  });

  it("egressMasqueradeInterfaces (eks-eni) is a top-level comment of values.yaml, and not a key", () => {
    expect(inValuesYaml("egressMasqueradeInterfaces")).toBe(false);
    expect(VALUES_TEXT.split("\n")).toContain(`# egressMasqueradeInterfaces: ""`);
  });

  it("matches the chart's own type for each key it sets", () => {
    expect(typeof VALUES.l7Proxy).toBe("boolean");
    expect(VALUES.policyEnforcementMode).toBe("default");
    expect((VALUES.encryption as Record<string, unknown>).type).toBe("ipsec"); // the chart's default, overridden
    expect(((VALUES.hubble as Record<string, unknown>).relay as Record<string, unknown>).enabled).toBe(false);
    expect(VALUES.kubeProxyReplacement).toBe("false");
  });
});
