import { describe, expect, it } from "vitest";
import { buildAgent, resolveAgent, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { KUBE_API_ACCESS_DIR, SANDBOX_POOLS_ENV } from "../../../../components/kubernetes/agent/delegation";
import { invalidObjects } from "../../../helpers/schema";
import { BASE } from "./fixtures";

const build = (name: string, args: AgentArgs) => buildAgent(resolveAgent(name, args));
const byRole = (objects: ReturnType<typeof build>, role: string) => {
  const found = objects.find((o) => o.role === role);
  if (!found) throw new Error(`no ${role}: ${objects.map((o) => o.role).join(", ")}`);
  return found.object as any;
};

const CALLER: AgentArgs = { ...BASE, delegatesTo: [{ agent: "interp", sandboxPool: true }, { agent: "memory" }] };
const POOL: AgentArgs = {
  ...BASE,
  workload: "sandbox-pool",
  acceptsFrom: [{ agent: "caller" }, { agent: "planner", namespace: "team-b" }],
};

describe("delegation to a sandbox pool: the pool's side", () => {
  const objects = build("interp", POOL);

  it("grants its callers claims and sandbox reads in its namespace, and nothing else, schema-valid", async () => {
    expect(objects.map((o) => o.role)).toEqual([
      "service-account",
      "sandbox-template",
      "warm-pool",
      "claims-role",
      "claims-binding",
      "claims-policy",
      "claims-policy-binding",
      "network-policy",
    ]);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const role = byRole(objects, "claims-role");
    expect(role.metadata).toMatchObject({ name: "interp-sandbox-claims", namespace: "agents" });
    expect(role.rules).toEqual([
      {
        apiGroups: ["extensions.agents.x-k8s.io"],
        resources: ["sandboxclaims"],
        verbs: ["create", "delete", "get", "list", "patch", "watch"],
      },
      { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: ["get", "list", "watch"] },
    ]);
    const binding = byRole(objects, "claims-binding");
    expect(binding.metadata).toMatchObject({ name: "interp-sandbox-claims", namespace: "agents" });
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "interp-sandbox-claims" });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "caller", namespace: "agents" },
      { kind: "ServiceAccount", name: "planner", namespace: "team-b" },
    ]);
  });

  it("admits claims naming this pool only from the ServiceAccounts it accepts", () => {
    const policy = byRole(objects, "claims-policy");
    expect(policy.metadata.name).toBe("interp.agents.sandbox-claims.agentcloud.dev");
    expect(policy.spec.failurePolicy).toBe("Fail");
    expect(policy.spec.matchConstraints).toEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
      resourceRules: [
        {
          apiGroups: ["extensions.agents.x-k8s.io"],
          apiVersions: ["v1beta1"],
          resources: ["sandboxclaims"],
          operations: ["CREATE", "UPDATE"],
        },
      ],
    });
    expect(policy.spec.matchConditions).toEqual([
      { name: "names-this-pool", expression: "has(object.spec.warmPoolRef) && object.spec.warmPoolRef.name == 'interp'" },
      {
        name: "sets-the-pool",
        expression:
          "request.operation == 'CREATE' || !has(oldObject.spec.warmPoolRef) || oldObject.spec.warmPoolRef.name != object.spec.warmPoolRef.name",
      },
    ]);
    expect(policy.spec.validations).toEqual([
      {
        expression:
          "!request.userInfo.username.startsWith('system:serviceaccount:') || request.userInfo.username in ['system:serviceaccount:agents:caller', 'system:serviceaccount:team-b:planner']",
        message:
          "SandboxClaims on the warm pool agents/interp may be made only by the agents it accepts (acceptsFrom: agents/caller, team-b/planner)",
        reason: "Forbidden",
      },
    ]);
    expect(byRole(objects, "claims-policy-binding")).toMatchObject({
      metadata: { name: "interp.agents.sandbox-claims.agentcloud.dev" },
      spec: { policyName: "interp.agents.sandbox-claims.agentcloud.dev", validationActions: ["Deny"] },
    });
  });

  it("lets no ServiceAccount claim a pool that accepts nobody, and grants no RBAC for it", () => {
    const alone = build("interp", { ...BASE, workload: "sandbox-pool" });
    expect(alone.some((o) => o.role === "claims-role" || o.role === "claims-binding")).toBe(false);
    expect(byRole(alone, "claims-policy").spec.validations[0].expression).toBe(
      "!request.userInfo.username.startsWith('system:serviceaccount:') || request.userInfo.username in []",
    );
  });

  it("gives each sandbox a Service and admits ingress from its callers on its port", () => {
    expect(byRole(objects, "sandbox-template").spec.service).toBe(true);
    expect(byRole(objects, "network-policy").spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "caller" } },
          },
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "team-b" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "planner" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
  });
});

describe("delegation to a sandbox pool: the caller's side", () => {
  it("mounts an API token for the API server's own audience where in-cluster clients look, keeping automount off", async () => {
    const objects = build("caller", CALLER);
    expect(await invalidObjects(objects.map((o) => o.object))).toEqual([]);
    const pod = byRole(objects, "deployment").spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const volume = pod.volumes.find((v: { name: string }) => v.name === "kube-api-access");
    expect(volume.projected.sources[0]).toEqual({ serviceAccountToken: { path: "token", expirationSeconds: 3600 } });
    expect(volume.projected.sources[0].serviceAccountToken.audience).toBeUndefined();
    expect(volume.projected.sources.slice(1)).toEqual([
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "kube-api-access", mountPath: KUBE_API_ACCESS_DIR, readOnly: true });
    expect(KUBE_API_ACCESS_DIR).toBe("/var/run/secrets/kubernetes.io/serviceaccount");
    // It is told which pools it may claim from, and on which port their sandboxes serve.
    expect(pod.containers[0].env.filter((e: { name: string }) => e.name === SANDBOX_POOLS_ENV)).toEqual([
      { name: "AGENTCLOUD_SANDBOX_POOLS", value: '[{"warmPool":"interp","namespace":"agents","port":8080}]' },
    ]);
    // The agentcloud token keeps its own audience.
    expect(pod.volumes.find((v: { name: string }) => v.name === "agentcloud-token").projected.sources[0].serviceAccountToken.audience).toBe(
      "agentcloud",
    );
  });

  it("may reach the pool's sandboxes on their port and the API server (private ranges by default), nothing more", () => {
    const egress = byRole(build("caller", CALLER), "network-policy").spec.egress;
    expect(egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "interp" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "agents" } },
            podSelector: { matchLabels: { "agentcloud.dev/agent": "memory" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
      {
        to: [{ ipBlock: { cidr: "10.0.0.0/8" } }, { ipBlock: { cidr: "172.16.0.0/12" } }, { ipBlock: { cidr: "192.168.0.0/16" } }],
        ports: [
          { protocol: "TCP", port: 443 },
          { protocol: "TCP", port: 6443 },
        ],
      },
    ]);
  });

  it("takes the API server endpoint from the platform", () => {
    const egress = byRole(
      build("caller", { ...CALLER, platform: { apiServer: { cidrs: ["172.16.0.2/32"], ports: [443] } } }),
      "network-policy",
    ).spec.egress;
    expect(egress[2]).toEqual({ to: [{ ipBlock: { cidr: "172.16.0.2/32" } }], ports: [{ protocol: "TCP", port: 443 }] });
  });

  it("leaves the API server to the fabric when it admits it by identity: no CIDR rule, which would open the whole range", () => {
    const egress = byRole(
      build("caller", { ...CALLER, platform: { apiServerByFabric: true, apiServer: { cidrs: ["10.0.0.0/8"], ports: [443] } } }),
      "network-policy",
    ).spec.egress;
    expect(egress.filter((r: { to?: { ipBlock?: unknown }[] }) => r.to?.some((p) => p.ipBlock))).toEqual([]);
    // The token and the pools are still there: only the address rule moves to the fabric.
    expect(byRole(build("caller", { ...CALLER, platform: { apiServerByFabric: true } }), "deployment").spec.template.spec.volumes).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "kube-api-access" })]),
    );
  });

  it("admits each identity endpoint the platform needs as a single address on its port, and no other", () => {
    const egress = byRole(
      build("plain", {
        ...BASE,
        platform: {
          identityEndpoints: [
            { address: "169.254.170.23", port: 80 },
            { address: "fd00:ec2::23", port: 80 },
          ],
        },
      }),
      "network-policy",
    ).spec.egress;
    expect(egress).toEqual([
      { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
      { to: [{ ipBlock: { cidr: "fd00:ec2::23/128" } }], ports: [{ protocol: "TCP", port: 80 }] },
    ]);
  });

  it("gives agents that claim nothing neither an API token nor API egress", () => {
    const objects = build("plain", { ...BASE, delegatesTo: [{ agent: "memory" }] });
    const pod = byRole(objects, "deployment").spec.template.spec;
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(["tmp", "agentcloud-token"]);
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).not.toContain(SANDBOX_POOLS_ENV);
    expect(byRole(objects, "network-policy").spec.egress).toHaveLength(1);
  });
});

describe("delegation arguments", () => {
  it("reports a non-boolean sandboxPool, sandboxPool on acceptsFrom, and a bad API server endpoint", () => {
    const problems = validateAgentArgs("caller", {
      ...BASE,
      delegatesTo: [{ agent: "interp", sandboxPool: "yes" as never }],
      acceptsFrom: [{ agent: "planner", sandboxPool: true }],
      platform: { apiServer: { cidrs: ["0.0.0.0/0"] } },
    });
    expect(problems.map((p) => `${p.argument}: ${p.problem}; fix: ${p.fix}`)).toEqual([
      "acceptsFrom[0].sandboxPool: applies only to delegatesTo (the agent being called); fix: remove it here; set it on the caller's delegatesTo entry",
      "delegatesTo[0].sandboxPool: must be true or false; fix: set sandboxPool: true when the agent is a sandbox-pool, or leave it out",
      "platform.apiServer.cidrs[0]: opens the API server ports to every address, the internet included; fix: state the control-plane CIDR (the addresses of the kubernetes Service's endpoints)",
    ]);
    expect(validateAgentArgs("caller", CALLER)).toEqual([]);
  });

  it("keeps a claiming agent's storage off the API token's folder", () => {
    const stateful: AgentArgs = {
      ...CALLER,
      workload: "statefulset",
      storage: { size: "1Gi", mountPath: "/var/run/secrets/kubernetes.io" },
    };
    expect(validateAgentArgs("caller", stateful).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "storage.mountPath: overlaps /var/run/secrets/kubernetes.io/serviceaccount, where the API token of an agent that claims sandboxes is mounted",
    ]);
    expect(
      validateAgentArgs("caller", { ...stateful, storage: { size: "1Gi", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount/x" } }),
    ).toHaveLength(1);
    expect(validateAgentArgs("caller", { ...stateful, storage: { size: "1Gi", mountPath: "/data" } })).toEqual([]);
    // An agent that claims nothing mounts no API token there.
    expect(
      validateAgentArgs("plain", {
        ...BASE,
        workload: "statefulset",
        storage: { size: "1Gi", mountPath: "/var/run/secrets/kubernetes.io" },
      }).filter((p) => p.problem.includes("claims sandboxes")),
    ).toEqual([]);
  });
});
