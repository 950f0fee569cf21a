import { KubectlV35Layer } from "@aws-cdk/lambda-layer-kubectl-v35";
import { App, CfnResource, Fn, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as eks from "aws-cdk-lib/aws-eks-v2";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFleetKubernetes, fleetKubernetesObjects, type FleetKubernetes } from "../../../components/blueprint/fleet-objects";
import { lateBoundPlaceholder, type AgentCloudSpec } from "../../../components/blueprint/spec";
import {
  applyFleetKubernetes,
  HELM_CHART_MAX_TIMEOUT_SECONDS,
  MANIFEST_MAX_BYTES,
  type AppliedFleetKubernetes,
} from "../../../components/cdk/kubernetes";
import { ciliumFabric } from "../../../components/kubernetes/network/fabrics";
import { UPSTREAM } from "../../../components/vocabulary";
import { referenceFleet } from "../../../stacks/agents";
import { invalidObjects } from "../../helpers/schema";

const MANIFEST = "Custom::AWSCDK-EKS-KubernetesResource";
const HELM_CHART = "Custom::AWSCDK-EKS-HelmChart";
const PASSWORD = "test-only-grafana-password";

/** The reference fleet on a Cilium platform (as `stacks/local.ts` builds it with its defaults). */
function referenceSpec(): AgentCloudSpec {
  return { platform: { provider: undefined, name: "eks", network: ciliumFabric() }, ...referenceFleet() };
}

/** A stack with a minimal private eks-v2 cluster that can apply manifests. */
function clusterStack(): { stack: Stack; cluster: eks.Cluster } {
  const stack = new Stack(new App(), "Test", { env: { account: "123456789012", region: "eu-west-1" } });
  const cluster = new eks.Cluster(stack, "Cluster", {
    version: eks.KubernetesVersion.V1_35,
    endpointAccess: eks.EndpointAccess.PRIVATE,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, "KubectlLayer") },
  });
  return { stack, cluster };
}

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

/** The logical id of a construct's CloudFormation resource. */
function logicalId(construct: IConstruct): string {
  const resource = construct.node.findAll().find((c): c is CfnResource => c instanceof CfnResource)!;
  return Stack.of(construct).getLogicalId(resource);
}

describe("applyFleetKubernetes", () => {
  let fleet: FleetKubernetes;
  let template: Template;
  let manifests: Record<string, Resource>;
  let applied: AppliedFleetKubernetes;
  beforeAll(() => {
    fleet = buildFleetKubernetes(referenceSpec());
    const { stack, cluster } = clusterStack();
    applied = applyFleetKubernetes(stack, "Fleet", cluster, fleet, { generatedSecretValues: { "grafana-admin": PASSWORD } });
    template = Template.fromStack(stack);
    manifests = template.findResources(MANIFEST) as Record<string, Resource>;
  });

  /** Objects of a manifest resource. */
  const objectsOf = (r: Resource) => JSON.parse(r.Properties.Manifest as string) as Record<string, unknown>[];

  it("applies exactly the fleet's objects, plus Grafana's admin Secret with the value passed in", () => {
    const key = (o: { kind?: string; metadata?: { namespace?: string; name?: string } }) =>
      `${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
    // The one addition: eks.KubernetesManifest's prune label (`aws.cdk.eks/prune-<hash>`), on every object.
    const objects = Object.values(manifests)
      .flatMap(objectsOf)
      .map((o) => {
        const metadata = o.metadata as { labels: Record<string, string> };
        const prune = Object.keys(metadata.labels).filter((l) => l.startsWith("aws.cdk.eks/prune-"));
        expect(prune).toHaveLength(1);
        expect(metadata.labels[prune[0]]).toBe("");
        const labels = Object.fromEntries(Object.entries(metadata.labels).filter(([l]) => l !== prune[0]));
        return { ...o, metadata: { ...metadata, labels } };
      });
    const expected = [
      ...fleetKubernetesObjects(fleet).map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>),
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
          name: "agentcloud-grafana-admin",
          namespace: "agentcloud-monitoring",
          labels: fleet.generatedSecrets[0].labels,
        },
        type: "Opaque",
        stringData: { "admin-user": "admin", "admin-password": PASSWORD },
      },
    ];
    const sorted = (list: Record<string, unknown>[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(objects).toHaveLength(expected.length);
    expect(sorted(objects)).toEqual(sorted(expected));
    // Each group in at most two manifests (Namespaces and CRDs, then the rest), the generated Secret in its own.
    expect([...applied.manifests.keys()]).toEqual([
      "runtimes",
      "priorities",
      "agent-sandbox-definitions",
      "agent-sandbox-definitions-2",
      "agent-sandbox",
      "tenant-agents-definitions",
      "tenant-agents",
      "fleet-definitions",
      "fleet",
      "network-cluster",
      "network-agents-research-assistant",
      "network-agents-memory-keeper",
      "network-agents-code-interpreter",
      "agent-research-assistant",
      "agent-memory-keeper",
      "agent-code-interpreter",
      "gateway-definitions",
      "gateway",
      "observability-namespace-definitions",
      "grafana-admin",
      "observability-monitoring",
    ]);
    expect(Object.keys(manifests)).toHaveLength(21);
    // Each within the Lambda Event payload limit, with room for the request around it.
    for (const r of Object.values(manifests)) expect((r.Properties.Manifest as string).length).toBeLessThanOrEqual(MANIFEST_MAX_BYTES);
    template.allResourcesProperties(MANIFEST, { Overwrite: true });
  });

  it("renders Grafana's admin Secret valid against the Kubernetes schema", async () => {
    const secret = objectsOf(manifests[logicalId(applied.manifests.get("grafana-admin")!)]);
    expect(secret.map((o) => o.kind)).toEqual(["Secret"]);
    expect(await invalidObjects(secret as never)).toEqual([]);
  });

  it("applies Namespaces and CRDs first, and every object after what it needs", () => {
    const id = (manifest: string) => logicalId(applied.manifests.get(manifest)!);
    const chartId = (release: string) => logicalId(applied.charts.get(release)!);
    const dependsOn = (manifest: string) => manifests[id(manifest)].DependsOn ?? [];
    const definitions = [
      ...objectsOf(manifests[id("agent-sandbox-definitions")]),
      ...objectsOf(manifests[id("agent-sandbox-definitions-2")]),
    ];
    expect(definitions.map((o) => `${o.kind as string} ${(o.metadata as { name: string }).name}`)).toEqual([
      "Namespace agent-sandbox-system",
      "CustomResourceDefinition sandboxes.agents.x-k8s.io",
      "CustomResourceDefinition sandboxclaims.extensions.agents.x-k8s.io",
      "CustomResourceDefinition sandboxtemplates.extensions.agents.x-k8s.io",
      "CustomResourceDefinition sandboxwarmpools.extensions.agents.x-k8s.io",
    ]);
    expect(dependsOn("agent-sandbox-definitions-2")).toContain(id("agent-sandbox-definitions"));
    expect(dependsOn("agent-sandbox")).toContain(id("agent-sandbox-definitions-2"));
    // The sandbox pool's SandboxTemplate and SandboxWarmPool wait for the controller's CRDs, its tenant and its rules.
    const pool = dependsOn("agent-code-interpreter");
    for (const needed of [
      "runtimes",
      "priorities",
      "agent-sandbox-definitions",
      "agent-sandbox-definitions-2",
      "agent-sandbox",
      "tenant-agents-definitions",
      "tenant-agents",
      "network-cluster",
      "network-agents-code-interpreter",
    ]) {
      expect(pool).toContain(id(needed));
    }
    expect(pool).toContain(chartId("cilium"));
    expect(pool).not.toContain(id("network-agents-memory-keeper"));
    // PodMonitors and PrometheusRules wait for kube-prometheus-stack, which brings their CRDs; it waits for its Secret.
    expect(dependsOn("observability-monitoring")).toContain(chartId("kube-prometheus-stack"));
    const chart = template.findResources(HELM_CHART)[chartId("kube-prometheus-stack")] as Resource;
    expect(chart.DependsOn).toEqual(expect.arrayContaining([id("observability-namespace-definitions"), id("grafana-admin")]));
  });

  it("installs the fleet's Helm releases with their pinned charts and values, into namespaces agentcloud made", () => {
    template.resourceCountIs(HELM_CHART, 2);
    const byRelease = (id: string) => fleet.releases.find((r) => r.id === id)!;
    template.hasResourceProperties(HELM_CHART, {
      Release: "cilium",
      Chart: "cilium",
      Repository: UPSTREAM.cilium.repo,
      Version: UPSTREAM.cilium.version,
      Namespace: "kube-system",
      Values: JSON.stringify(byRelease("cilium").values),
      Wait: true,
      CreateNamespace: Match.absent(),
    });
    template.hasResourceProperties(HELM_CHART, {
      Release: byRelease("kube-prometheus-stack").name,
      Chart: "kube-prometheus-stack",
      Repository: UPSTREAM.kubePrometheusStack.repo,
      Version: UPSTREAM.kubePrometheusStack.version,
      Namespace: "agentcloud-monitoring",
      Values: JSON.stringify(byRelease("kube-prometheus-stack").values),
      Wait: true,
      CreateNamespace: Match.absent(),
    });
  });

  it("installs OCI charts from their reference (kata-deploy's budget cut to the Lambda's 15 minutes) and puts tokens in late", () => {
    const placeholder = lateBoundPlaceholder("oidc-id");
    const issuer = `https://oidc.eks.eu-west-1.amazonaws.com/id/${placeholder}`;
    const spec = referenceSpec();
    spec.platform = {
      ...spec.platform,
      installKata: true,
      tokenIssuer: { issuer, jwks: { url: `${issuer}/keys` } },
      lateBound: { [placeholder]: "a token" },
    };
    spec.agents["code-interpreter"] = { ...spec.agents["code-interpreter"], sandbox: "kata-qemu" };
    spec.audit = { sink: { kind: "s3", bucket: "acme-audit", region: "eu-west-1" } };
    spec.observability = false;
    const { stack, cluster } = clusterStack();
    // The issuer id: the last segment of the cluster's issuer URL, known once CloudFormation has made the cluster.
    const oidcId = Fn.select(4, Fn.split("/", cluster.clusterOpenIdConnectIssuerUrl));
    const applied = applyFleetKubernetes(stack, "Fleet", cluster, buildFleetKubernetes(spec), { lateBound: { [placeholder]: oidcId } });
    const t = Template.fromStack(stack);
    const gateway = t.findResources(MANIFEST)[logicalId(applied.manifests.get("gateway")!)] as Resource;
    const manifest = JSON.stringify(gateway.Properties.Manifest);
    expect(manifest).toContain('"Fn::Join"');
    expect(manifest).toContain("OpenIdConnectIssuerUrl");
    expect(manifest).not.toContain(placeholder);
    t.resourceCountIs(HELM_CHART, 3);
    t.hasResourceProperties(HELM_CHART, {
      Release: "kata-deploy",
      Chart: "kata-deploy",
      Repository: UPSTREAM.kataDeploy.chart,
      Version: UPSTREAM.kataDeploy.version,
      Namespace: "kube-system",
      Timeout: `${HELM_CHART_MAX_TIMEOUT_SECONDS}s`,
    });
    t.hasResourceProperties(HELM_CHART, {
      Release: "agentcloud-audit",
      Chart: "fluent-bit",
      Repository: UPSTREAM.fluentBit.chart,
      Version: UPSTREAM.fluentBit.version,
    });
  });

  it("refuses late-bound values the fleet does not declare, and placeholders left without a value", () => {
    const placeholder = lateBoundPlaceholder("oidc-id");
    const issuer = `https://oidc.eks.eu-west-1.amazonaws.com/id/${placeholder}`;
    const spec = referenceSpec();
    spec.platform = { ...spec.platform, tokenIssuer: { issuer, jwks: { url: `${issuer}/keys` } } };
    const undeclared = buildFleetKubernetes(spec);
    const { stack, cluster } = clusterStack();
    const values = { generatedSecretValues: { "grafana-admin": PASSWORD } };
    expect(() => applyFleetKubernetes(stack, "Fleet", cluster, undeclared, { ...values, lateBound: { "oidc-id": "x" } })).toThrow(
      'applyFleetKubernetes "Fleet": late-bound values for oidc-id, which the fleet does not declare (it declares none); key options.lateBound by the placeholders of platform.lateBound',
    );
    expect(() => applyFleetKubernetes(stack, "Fleet", cluster, undeclared, values)).toThrow(
      'applyFleetKubernetes "Fleet": objects of gateway still carry a late-bound placeholder (agentcloud-late-bound-...); declare it in platform.lateBound and pass its value in options.lateBound',
    );
    expect(stack.node.tryFindChild("Fleet")).toBeUndefined();
  });

  it("refuses a fleet whose generated secret has no value, before creating anything", () => {
    const { stack, cluster } = clusterStack();
    expect(() => applyFleetKubernetes(stack, "Fleet", cluster, fleet)).toThrow(
      'applyFleetKubernetes "Fleet": no value for the generated secret grafana-admin; pass generatedSecretValues, e.g. from a secretsmanager.Secret with generateSecretString',
    );
    expect(stack.node.tryFindChild("Fleet")).toBeUndefined();
  });
});
