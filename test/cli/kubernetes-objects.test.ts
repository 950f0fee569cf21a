import { describe, expect, it } from "vitest";
import { isKubernetesObjectRegistration, kubernetesObjects } from "../../cli/kubernetes-objects";
import type { Registration } from "../../cli/mock-runtime";

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "pw" };
const reg = (type: string, inputs: Record<string, unknown>, custom = true): Registration => ({
  type,
  name: "n",
  urn: `urn:pulumi:s::p::${type}::n`,
  custom,
  dependencies: [],
  inputs,
});

describe("kubernetesObjects", () => {
  it("keeps custom Kubernetes objects only, in registration order, with secrets redacted", () => {
    const registrations = [
      reg("kubernetes:core/v1:Secret", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { password: SECRET } }),
      reg("kubernetes:helm.sh/v3:Release", { apiVersion: "v1", kind: "Release", chart: "x" }),
      reg("pulumi:providers:kubernetes", { kubeconfig: "{}" }),
      reg("agentcloud:kubernetes:Agent", { apiVersion: "v1", kind: "Agent" }, false),
      reg("kubernetes:core/v1:Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } }),
      reg("kubernetes:core/v1:ConfigMap", { kind: "ConfigMap", metadata: {} }),
    ];
    expect(registrations.map(isKubernetesObjectRegistration)).toEqual([true, false, false, false, true, false]);
    expect(kubernetesObjects(registrations)).toEqual([
      { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { password: "[secret]" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } },
    ]);
  });
});
