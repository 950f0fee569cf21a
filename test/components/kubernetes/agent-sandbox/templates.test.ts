import type { PodSpec } from "kubernetes-types/core/v1";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildSandboxTemplate, buildSandboxWarmPool, type SandboxTemplateSpec } from "../../../../components/kubernetes/agent-sandbox";
import { invalidObjects, schemaErrors, UPSTREAM_DIR } from "../../../helpers/schema";

const podSpec: PodSpec = {
  runtimeClassName: "gvisor",
  serviceAccountName: "coder",
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "agent",
      image: "ghcr.io/acme/coder:1.2.3",
      ports: [{ name: "http", containerPort: 8080 }],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true },
    },
  ],
};

const labels = { "agentcloud.dev/agent": "coder", "app.kubernetes.io/name": "coder" };

const templateSpec: SandboxTemplateSpec = {
  name: "coder",
  namespace: "team-a",
  labels,
  annotations: { "agentcloud.dev/declaration": "{}" },
  podTemplate: { metadata: { labels, annotations: { "example.com/a": "b" } }, spec: podSpec },
};

describe("buildSandboxTemplate", () => {
  it("renders a schema-valid v1beta1 SandboxTemplate carrying the pod template", async () => {
    const template = buildSandboxTemplate(templateSpec);
    expect(template.apiVersion).toBe("extensions.agents.x-k8s.io/v1beta1");
    expect(template.kind).toBe("SandboxTemplate");
    expect(template.metadata).toEqual({ name: "coder", namespace: "team-a", labels, annotations: { "agentcloud.dev/declaration": "{}" } });
    expect(template.spec.podTemplate).toEqual({ metadata: { labels, annotations: { "example.com/a": "b" } }, spec: podSpec });
    expect(await invalidObjects([template])).toEqual([]);
  });

  it("opts out of the controller's own NetworkPolicy and keeps claims from injecting env or volumes", () => {
    const { spec } = buildSandboxTemplate(templateSpec);
    expect(spec.networkPolicyManagement).toBe("Unmanaged");
    expect(spec.envVarsInjectionPolicy).toBe("Disallowed");
    expect(spec.volumeClaimTemplatesPolicy).toBe("Disallowed");
    expect(spec.networkPolicy).toBeUndefined();
  });

  it("asks for a Service per sandbox, so a claimed sandbox is reachable by name", () => {
    expect(buildSandboxTemplate(templateSpec).spec.service).toBe(true);
  });

  it("omits empty annotations and copies label maps instead of sharing them", () => {
    const template = buildSandboxTemplate({ ...templateSpec, annotations: {}, podTemplate: { metadata: { labels }, spec: podSpec } });
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.spec.podTemplate).toEqual({ metadata: { labels }, spec: podSpec });
    expect(template.metadata.labels).not.toBe(labels);
  });

  it("is rejected by the upstream schema if the pod template is malformed (the check is real)", async () => {
    const template = buildSandboxTemplate({
      ...templateSpec,
      podTemplate: { metadata: { labels }, spec: { containers: [{ image: "x" }] } as never },
    });
    expect(await schemaErrors(template)).toContain("/spec/podTemplate/spec/containers/0 must have required property 'name'");
  });
});

describe("buildSandboxWarmPool", () => {
  it("renders a schema-valid v1beta1 SandboxWarmPool of the template", async () => {
    const pool = buildSandboxWarmPool({ name: "coder", namespace: "team-a", labels, templateName: "coder", replicas: 3 });
    expect(pool).toEqual({
      apiVersion: "extensions.agents.x-k8s.io/v1beta1",
      kind: "SandboxWarmPool",
      metadata: { name: "coder", namespace: "team-a", labels },
      spec: { replicas: 3, sandboxTemplateRef: { name: "coder" }, updateStrategy: { type: "Recreate" } },
    });
    expect(await invalidObjects([pool])).toEqual([]);
  });

  it("recreates stale unclaimed sandboxes (Recreate, a value the pinned CRD enumerates, not its OnReplenish default)", async () => {
    const pool = buildSandboxWarmPool({ name: "coder", namespace: "team-a", labels, templateName: "coder", replicas: 1 });
    const crd = parse(
      readFileSync(join(UPSTREAM_DIR, "agent-sandbox/v0.5.6/crds/extensions.agents.x-k8s.io_sandboxwarmpools.yaml"), "utf8"),
    );
    const type = crd.spec.versions.find((v: { name: string }) => v.name === "v1beta1").schema.openAPIV3Schema.properties.spec.properties
      .updateStrategy.properties.type;
    expect(type).toEqual({ default: "OnReplenish", enum: ["Recreate", "OnReplenish"], type: "string" });
    expect(pool.spec.updateStrategy).toEqual({ type: "Recreate" });
    const rolling = { ...pool, spec: { ...pool.spec, updateStrategy: { type: "Rolling" } } };
    expect(await schemaErrors(rolling)).toEqual(["/spec/updateStrategy/type must be equal to one of the allowed values"]);
  });

  it("allows an empty pool (replicas 0) as the CRD does", async () => {
    const pool = buildSandboxWarmPool({ name: "idle", namespace: "team-a", labels, templateName: "coder", replicas: 0 });
    expect(pool.spec.replicas).toBe(0);
    expect(await invalidObjects([pool])).toEqual([]);
  });
});
