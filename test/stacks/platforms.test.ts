import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { KubernetesObject } from "../../components/kubernetes/objects";
import { awsStack } from "../../stacks/aws";
import { gcpStack } from "../../stacks/gcp";
import { localStack } from "../../stacks/local";
import { gatewayReachesHosts } from "../../components/gcp/cluster";
import { dataplaneV2Fabric } from "../../components/kubernetes/network/dataplane-v2";
import { record } from "../helpers/pulumi";

const REPO = join(__dirname, "../..");

/** A stack's shipped config (Pulumi.<stack>.yaml), without the plan's policy settings. */
function shippedConfig(stack: string): Record<string, unknown> {
  const { config } = parse(readFileSync(join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(config).filter(([key]) => key !== "agentcloud:policies"));
}

/** The agents' own objects (labelled with the agent's name, in the tenant), by `Kind/name`. */
async function agentObjects(run: () => unknown, stack: string): Promise<Map<string, KubernetesObject>> {
  const rec = await record(async () => {
    await run();
  }, shippedConfig(stack));
  const objects = (rec.objects() as KubernetesObject[]).filter(
    (o) => o.metadata?.namespace === "agents" && o.metadata.labels?.["agentcloud.dev/agent"] !== undefined,
  );
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata!.name}`, o]));
}

/** Paths where two values differ: `a.b[2].c`; arrays of different lengths as a whole. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((x, i) => differences(x, b[i], `${path}[${i}]`));
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences(a[k], b[k], path === "" ? k : `${path}.${k}`));
  }
  return [path];
}

/** Every difference of two platforms' agent objects, as `Kind/name: path` (an object only one has: `Kind/name`). */
function diff(one: Map<string, KubernetesObject>, other: Map<string, KubernetesObject>): string[] {
  const keys = [...new Set([...one.keys(), ...other.keys()])].sort();
  return keys.flatMap((key) => {
    const a = one.get(key);
    const b = other.get(key);
    if (!a || !b) return [`${key} (${a ? "first" : "second"} only)`];
    return differences(a, b).map((p) => `${key}: ${p}`);
  });
}

/** The fabric's own per-agent objects (`NetworkFabric.agentObjects`): they are the fabric difference. */
const FABRIC_KINDS = ["CiliumNetworkPolicy", "FQDNNetworkPolicy"];
/** Hosts an identity binding adds to an agent's egress (IRSA's regional STS; the APIs of GCP permissions). */
const IDENTITY_HOSTS = ["sts.eu-west-1.amazonaws.com", "storage.googleapis.com"];
/** The control plane's private range on GKE (Pulumi.gcp.yaml): agents reach it by address there. */
const GKE_API_SERVER = "172.16.0.0/28";

interface Rule {
  to?: { ipBlock?: { cidr: string } }[];
}

/**
 * An agent object with the fields a platform may set removed: identity binding (ServiceAccount annotations, identity
 * endpoints in the NetworkPolicy, identity hosts in the declared egress), node placement (node selector, tolerations,
 * affinity, runtime class) and the fabric (the API server by address when the fabric cannot admit it by identity).
 */
function withoutPlatform(object: KubernetesObject): unknown {
  const copy = JSON.parse(JSON.stringify(object)) as Record<string, any>;
  if (copy.kind === "ServiceAccount") delete copy.metadata.annotations;
  for (const meta of [copy.metadata, copy.spec?.template?.metadata, copy.spec?.podTemplate?.metadata]) {
    const declaration = meta?.annotations?.["agentcloud.dev/declaration"];
    if (typeof declaration !== "string") continue;
    const parsed = JSON.parse(declaration) as { egress?: string[] };
    parsed.egress = (parsed.egress ?? []).filter((h) => !IDENTITY_HOSTS.includes(h));
    meta.annotations["agentcloud.dev/declaration"] = JSON.stringify(parsed);
  }
  for (const pod of [copy.spec?.template?.spec, copy.spec?.podTemplate?.spec]) {
    if (!pod) continue;
    for (const field of ["nodeSelector", "tolerations", "affinity", "runtimeClassName"]) delete pod[field];
  }
  if (copy.kind === "NetworkPolicy") {
    copy.spec.egress = (copy.spec.egress as Rule[]).filter(
      (r) => !(r.to ?? []).some((t) => t.ipBlock && (t.ipBlock.cidr.startsWith("169.254.") || t.ipBlock.cidr === GKE_API_SERVER)),
    );
  }
  return copy;
}

/** The DeepWiki grants and the gateway's MCP address they bring, for a platform whose gateway cannot reach hosts yet. */
function withoutRemoteTools(object: unknown): unknown {
  const text = JSON.stringify(object);
  const copy = JSON.parse(text) as Record<string, any>;
  for (const meta of [copy.metadata, copy.spec?.template?.metadata]) {
    const declaration = meta?.annotations?.["agentcloud.dev/declaration"];
    if (typeof declaration !== "string") continue;
    const parsed = JSON.parse(declaration) as { tools?: { server: string }[] };
    if (parsed.tools) parsed.tools = parsed.tools.filter((t) => t.server !== "deepwiki");
    meta.annotations["agentcloud.dev/declaration"] = JSON.stringify(parsed);
  }
  const containers = copy.spec?.template?.spec?.containers as { env?: { name: string }[] }[] | undefined;
  const grants = (name: string) => copy.metadata?.name === name;
  // memory-keeper's only tools are DeepWiki's: without them it has no MCP address.
  if (containers && grants("memory-keeper")) for (const c of containers) c.env = c.env?.filter((e) => e.name !== "AGENTCLOUD_MCP_URL");
  return copy;
}

/** Every agent object of a platform, with the platform's fields removed, keyed `Kind/name`; fabric objects apart. */
function comparable(objects: Map<string, KubernetesObject>, remoteTools: boolean): { objects: Record<string, unknown>; fabric: string[] } {
  const entries = [...objects].filter(([, o]) => !FABRIC_KINDS.includes(o.kind!));
  return {
    objects: Object.fromEntries(entries.map(([k, o]) => [k, remoteTools ? withoutPlatform(o) : withoutRemoteTools(withoutPlatform(o))])),
    fabric: [...objects.keys()].filter((k) => FABRIC_KINDS.includes(k.split("/")[0])).sort(),
  };
}

describe("the same fleet on every platform", () => {
  it("plans on local, aws and gcp; the agents' objects differ only in identity binding, node placement and the network fabric", async () => {
    const local = await agentObjects(localStack, "local");
    const aws = await agentObjects(awsStack, "aws");
    const gcp = await agentObjects(gcpStack, "gcp");
    // Each platform renders the same agents.
    const workloads = (m: Map<string, KubernetesObject>) => [...m.keys()].filter((k) => !FABRIC_KINDS.includes(k.split("/")[0])).sort();
    expect(workloads(aws)).toEqual(workloads(local));
    expect(workloads(gcp)).toEqual(workloads(local));
    expect(workloads(local)).toEqual(
      expect.arrayContaining(["Deployment/research-assistant", "StatefulSet/memory-keeper", "SandboxTemplate/code-interpreter"]),
    );

    // The raw differences are all in those fields...
    const allowed = (d: string) =>
      FABRIC_KINDS.some((k) => d.startsWith(`${k}/`)) ||
      /^ServiceAccount\/[^:]+: metadata\.annotations/.test(d) ||
      /: (spec\.template\.)?metadata\.annotations\.agentcloud\.dev\/declaration$/.test(d) ||
      /^NetworkPolicy\/[^:]+: spec\.egress$/.test(d) ||
      /: spec\.(template|podTemplate)\.spec\.(nodeSelector|tolerations|affinity)/.test(d);
    // GKE's gateway reaches remote MCP servers once the gateway supports Dataplane V2's FQDN policies; until then
    // DeepWiki is left out there (remoteTools), which also drops memory-keeper's MCP address.
    const gkeRemoteTools = gatewayReachesHosts(dataplaneV2Fabric());
    const remoteToolsGap = (d: string) => !gkeRemoteTools && d === "StatefulSet/memory-keeper: spec.template.spec.containers[0].env";
    expect(diff(local, aws).filter((d) => !allowed(d))).toEqual([]);
    expect(diff(local, gcp).filter((d) => !allowed(d) && !remoteToolsGap(d))).toEqual([]);
    // ... and with those fields removed, the objects are the same.
    const base = comparable(local, true);
    const onAws = comparable(aws, true);
    const onGcp = comparable(gcp, gkeRemoteTools);
    expect(onAws.objects).toEqual(base.objects);
    expect(onGcp.objects).toEqual(gkeRemoteTools ? base.objects : comparable(local, false).objects);
    // The fabrics: Cilium policies for every agent on local and aws, a GKE FQDN policy for the agent with egress hosts on gcp.
    const cilium = ["CiliumNetworkPolicy/code-interpreter", "CiliumNetworkPolicy/memory-keeper", "CiliumNetworkPolicy/research-assistant"];
    expect(base.fabric).toEqual(cilium);
    expect(onAws.fabric).toEqual(cilium);
    expect(onGcp.fabric).toEqual(["FQDNNetworkPolicy/research-assistant"]);
    // Identity binding: IRSA annotates the ServiceAccount on aws; GKE binds the principal directly (no annotation).
    expect(local.get("ServiceAccount/research-assistant")!.metadata!.annotations).toEqual(
      gcp.get("ServiceAccount/research-assistant")!.metadata!.annotations,
    );
    expect(Object.keys(aws.get("ServiceAccount/research-assistant")!.metadata!.annotations ?? {})).toContain("eks.amazonaws.com/role-arn");
  });
});
