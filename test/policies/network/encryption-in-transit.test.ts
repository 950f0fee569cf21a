import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { encryptionInTransit, isCiliumChart } from "../../../policies/network/encryption-in-transit";
import { UPSTREAM_DIR } from "../../helpers/schema";
import { messages, namespace, violations } from "../helpers";
import { ENCRYPTION, FABRIC, UNSAFE_FABRIC, helmRelease, tenant } from "./objects";

const release = (name: string, kind: string, problem: string) =>
  `Helm ${kind} "${name}" installs Cilium and ${problem}; set values encryption: {enabled: true, type: wireguard} ` +
  "(or ipsec, ztunnel) so agent traffic between nodes is encrypted.";
const OFF = "does not set values.encryption.enabled to true";
const UNKNOWN = "sets values.encryption.type to an unknown type";
const unencrypted = (ns: string, stated: string) =>
  `Namespace "${ns}" is a tenant namespace whose fabric ${stated} (${ENCRYPTION}) and it carries no ${UNSAFE_FABRIC} ` +
  "reason; turn the fabric's encryption on (wireguard, ipsec or ztunnel), or state why the agents may run without it.";

describe("agentcloud-network-encryption-in-transit", () => {
  it("passes Cilium releases with encryption on (wireguard, ipsec, ztunnel, or the chart's default type)", async () => {
    const regs = [
      helmRelease("cilium", "cilium", { encryption: { enabled: true, type: "wireguard" } }),
      helmRelease("c-ipsec", "cilium/cilium", { encryption: { enabled: true, type: "ipsec" } }),
      helmRelease("c-ztunnel", "oci://quay.io/cilium/charts/cilium", { encryption: { enabled: true, type: "ztunnel" } }),
      helmRelease("c-default", "https://helm.cilium.io/cilium-1.20.0.tgz", { encryption: { enabled: true } }),
      helmRelease("other", "kata-deploy", {}),
    ];
    expect(await messages(encryptionInTransit, regs)).toEqual([]);
  });

  it("relies on the pinned chart: encryption off by default, type ipsec by default", () => {
    const values = parse(readFileSync(join(UPSTREAM_DIR, "cilium/1.20.0/values.yaml"), "utf8")) as { encryption: Record<string, unknown> };
    expect([values.encryption.enabled, values.encryption.type]).toEqual([false, "ipsec"]);
  });

  it("flags Cilium releases and charts without encryption or with an unknown type, naming the release", async () => {
    const regs = [
      helmRelease("cilium", "cilium", { hubble: { enabled: true } }),
      helmRelease("c-off", "cilium", { encryption: { enabled: false, type: "wireguard" } }),
      helmRelease("c-string", "cilium", { encryption: { enabled: "true", type: "wireguard" } }),
      helmRelease("c-type", "cilium", { encryption: { enabled: true, type: "aes-CANARY" } }),
      helmRelease("c-v4", "oci://registry.example/charts/cilium/", undefined, "kubernetes:helm.sh/v4:Chart"),
    ];
    // In URN order (the harness sorts by policy, URN, message).
    const found = await violations([encryptionInTransit], regs);
    expect(found.map((v) => v.message)).toEqual([
      release("c-off", "Release", OFF),
      release("c-string", "Release", OFF),
      release("c-type", "Release", UNKNOWN),
      release("cilium", "Release", OFF),
      release("c-v4", "Chart", OFF),
    ]);
    expect(found.map((v) => [v.severity, v.enforcementLevel])[0]).toEqual(["high", "mandatory"]);
  });

  it("flags tenant namespaces whose fabric states no encryption without the named opt-out", async () => {
    const regs = [
      tenant("none", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none" }),
      tenant("missing", { [FABRIC]: "dataplane-v2" }),
      tenant("odd", { [FABRIC]: "cilium", [ENCRYPTION]: "CANARY" }),
      tenant("blank", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none", [UNSAFE_FABRIC]: " " }),
      tenant("ok", { [FABRIC]: "networkpolicy-only", [ENCRYPTION]: "none", [UNSAFE_FABRIC]: "kind cluster for demos" }),
      tenant("wg", { [FABRIC]: "cilium", [ENCRYPTION]: "wireguard" }),
      tenant("plain"),
    ];
    const found = await violations([encryptionInTransit], regs);
    expect(found.map((v) => [(v.urn ?? "").split("::").pop(), v.message])).toEqual([
      ["res-blank", unencrypted("blank", 'says encryption "none"')],
      ["res-missing", unencrypted("missing", "states no encryption")],
      ["res-none", unencrypted("none", 'says encryption "none"')],
      ["res-odd", unencrypted("odd", "names an unknown encryption")],
    ]);
  });

  it("recognises Cilium's chart by its last path segment only", () => {
    const names = [
      "cilium",
      "cilium/cilium",
      "oci://quay.io/cilium/charts/cilium",
      "https://x/cilium-1.20.0.tgz",
      " cilium ",
      "x/cilium//",
    ];
    expect(names.filter(isCiliumChart)).toEqual(names);
    expect(["cilium-enterprise", "tetragon", "cilium/tetragon", "charts/cilium-extra", 5, undefined].filter(isCiliumChart)).toEqual([]);
  });

  it("is not applicable without a Cilium release or an annotated tenant namespace", async () => {
    expect(await messages(encryptionInTransit, [namespace("apps"), tenant("team-a"), helmRelease("k", "kata-deploy", {})])).toEqual([]);
  });
});
