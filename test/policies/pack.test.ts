import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { policies } from "../../policies/all";
import type { AnyPolicy } from "../../cli/policy-harness";
import { listFiles } from "../helpers/files";
import { CIS_AWS, CIS_EKS, CIS_GCP, CIS_GKE, OWASP_AGENTIC, PSS_CONTROLS, knownTags, specificationTitles } from "./controls";
import {
  agentDeployment,
  agentTemplate,
  defaultDenySpec,
  namespace,
  networkPolicy,
  registration,
  runtimeClass,
  sandboxRuntimeClasses,
  serviceAccount,
  violations,
  workload,
} from "./helpers";
import { configMap, fleetConfig, gatewayDeployment, gatewayService, routePolicies, toolAgent } from "./gateway/objects";
import { auditWrong } from "./audit/objects";
import { awsWrong } from "./aws/objects";
import { gcpWrong } from "./gcp/objects";
import { metricsAgent, stackRelease } from "./observability/objects";

const ROOT = resolve(__dirname, "../../policies");
const DOMAINS = [
  "audit",
  "aws",
  "gateway",
  "gcp",
  "identity",
  "images",
  "kubernetes",
  "network",
  "observability",
  "pod-security",
  "sandbox",
];

/** The frameworks the pack cites, by name: version and reference. */
const FRAMEWORKS: Record<string, { version: string; reference: string }> = {
  "Kubernetes Pod Security Standards": {
    version: "v1.30",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  "OWASP Top 10 for Agentic Applications": {
    version: "2026",
    reference: "https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/",
  },
  "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark": {
    version: "1.7.0",
    reference: "https://www.cisecurity.org/benchmark/kubernetes",
  },
  "NSA/CISA Kubernetes Hardening Guidance": {
    version: "1.2",
    reference: "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF",
  },
  "Kubernetes Deprecated API Migration Guide": {
    version: "v1.32",
    reference: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
  },
  "CIS Google Kubernetes Engine (GKE) Benchmark": {
    version: "1.6.0",
    reference: "https://www.cisecurity.org/benchmark/kubernetes",
  },
  "CIS Amazon Web Services Foundations Benchmark": {
    version: "3.0.0",
    reference: "https://www.cisecurity.org/benchmark/amazon_web_services",
  },
  "CIS Google Cloud Platform Foundation Benchmark": {
    version: "3.0.0",
    reference: "https://www.cisecurity.org/benchmark/google_cloud_computing_platform",
  },
};

/** The tag id of the control a framework specification cites. */
function controlTag(framework: string, specification: string): string {
  if (framework === "Kubernetes Pod Security Standards") {
    for (const level of ["baseline", "restricted"] as const) {
      for (const [id, title] of Object.entries(PSS_CONTROLS[level])) {
        if (specification.startsWith(`${level === "baseline" ? "Baseline" : "Restricted"}: ${title} (`)) return `pss-${level}:${id}`;
      }
    }
  }
  if (framework.startsWith("CIS Google Kubernetes"))
    return `cis-gke-1.6:${Object.keys(CIS_GKE).find((id) => specification.startsWith(`${id} `))}`;
  if (framework.startsWith("CIS Google Cloud"))
    return `cis-gcp-3.0:${Object.keys(CIS_GCP).find((id) => specification.startsWith(`${id} `))}`;
  // Before the EKS benchmark's: "CIS Amazon Web Services" starts with "CIS Amazon" too.
  if (framework.startsWith("CIS Amazon Web Services"))
    return `cis-aws-3.0:${Object.keys(CIS_AWS).find((id) => specification.startsWith(`${id} `))}`;
  if (framework.startsWith("CIS Amazon")) return `cis-eks-1.7:${Object.keys(CIS_EKS).find((id) => specification.startsWith(`${id} `))}`;
  if (framework.startsWith("OWASP"))
    return `owasp-agentic-top10:${Object.keys(OWASP_AGENTIC).find((id) => specification.startsWith(`${id} `))}`;
  if (framework.startsWith("NSA")) return "beyond-pss";
  return "k8s-deprecation-guide:removed-apis";
}
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Every policy file: policies/<domain>/<intent>.ts (lib/ holds helpers, not policies; a domain's pack.ts lists them). */
function policyFiles(): { domain: string; intent: string; path: string }[] {
  return readdirSync(ROOT)
    .filter((d) => d !== "lib" && statSync(join(ROOT, d)).isDirectory())
    .sort()
    .flatMap((domain) =>
      readdirSync(join(ROOT, domain))
        .filter((f) => f.endsWith(".ts") && f !== "pack.ts")
        .sort()
        .map((f) => ({ domain, intent: f.slice(0, -3), path: join(ROOT, domain, f) })),
    );
}

function isPolicy(value: unknown): value is AnyPolicy {
  return typeof value === "object" && value !== null && "name" in value && ("validateResource" in value || "validateStack" in value);
}

describe("the agentcloud policy pack", () => {
  it("has policy files only in the known domains", () => {
    expect([...new Set(policyFiles().map((f) => f.domain))]).toEqual(DOMAINS);
  });

  it("lists every policy file in all.ts, each file exporting exactly one policy named after its path", async () => {
    const files = policyFiles();
    for (const file of files) {
      const exported = Object.values((await import(file.path)) as Record<string, unknown>).filter(isPolicy);
      expect({ file: file.path, names: exported.map((p) => p.name) }).toEqual({
        file: file.path,
        names: [`agentcloud-${file.domain}-${file.intent}`],
      });
      expect(policies).toContain(exported[0]);
    }
    expect(policies).toHaveLength(files.length);
  });

  it("gives every policy a unique kebab-case agentcloud-<domain>-<intent> name", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      const domain = DOMAINS.find((d) => name.startsWith(`agentcloud-${d}-`));
      expect({ name, domain }).toEqual({ name, domain: expect.any(String) as unknown });
      expect(name.slice(`agentcloud-${domain}-`.length)).toMatch(KEBAB);
    }
  });

  it.each(policies.map((p) => [p.name, p] as const))("%s carries complete metadata naming real controls", (_name, policy) => {
    expect(policy.description.length).toBeGreaterThan(20);
    expect(policy.remediationSteps?.length).toBeGreaterThan(20);
    const framework = policy.framework!;
    expect(FRAMEWORKS[framework.name]).toEqual({ version: framework.version, reference: framework.reference });
    const titles = specificationTitles(framework.name);
    expect({ spec: framework.specification, known: titles.some((t) => framework.specification.startsWith(t)) }).toEqual({
      spec: framework.specification,
      known: true,
    });
    const unknown = (policy.tags ?? []).filter((t) => !knownTags().has(t));
    expect({ policy: policy.name, unknown }).toEqual({ policy: policy.name, unknown: [] });
    expect(policy.tags).toContain(controlTag(framework.name, framework.specification));
  });

  it("has the expected levels and severities", () => {
    expect(Object.fromEntries(policies.map((p) => [p.name, [p.enforcementLevel, p.severity]]))).toEqual({
      "agentcloud-sandbox-runtime-class-required": ["mandatory", "high"],
      "agentcloud-sandbox-runtime-class-handler": ["mandatory", "high"],
      "agentcloud-sandbox-unsafe-opt-out": ["advisory", "medium"],
      "agentcloud-pod-security-run-as-non-root": ["mandatory", "high"],
      "agentcloud-pod-security-non-root-user": ["mandatory", "high"],
      "agentcloud-pod-security-no-privilege-escalation": ["mandatory", "high"],
      "agentcloud-pod-security-drop-all-capabilities": ["mandatory", "high"],
      "agentcloud-pod-security-seccomp-runtime-default": ["mandatory", "high"],
      "agentcloud-pod-security-read-only-root-filesystem": ["mandatory", "medium"],
      "agentcloud-pod-security-no-host-namespaces": ["mandatory", "critical"],
      "agentcloud-pod-security-no-host-path": ["mandatory", "critical"],
      "agentcloud-pod-security-no-host-ports": ["mandatory", "high"],
      "agentcloud-pod-security-no-host-process": ["mandatory", "critical"],
      "agentcloud-pod-security-no-privileged": ["mandatory", "critical"],
      "agentcloud-pod-security-proc-mount-default": ["mandatory", "high"],
      "agentcloud-pod-security-safe-sysctls": ["mandatory", "high"],
      "agentcloud-pod-security-selinux-options": ["mandatory", "high"],
      "agentcloud-pod-security-apparmor-confined": ["mandatory", "high"],
      "agentcloud-pod-security-volume-types": ["mandatory", "high"],
      "agentcloud-identity-no-token-automount": ["mandatory", "high"],
      "agentcloud-identity-unsafe-broad-cloud-permissions": ["advisory", "high"],
      "agentcloud-network-default-deny": ["mandatory", "high"],
      "agentcloud-network-fabric-default-deny": ["mandatory", "high"],
      "agentcloud-network-no-open-egress": ["mandatory", "high"],
      "agentcloud-network-no-metadata-egress": ["mandatory", "critical"],
      "agentcloud-network-wildcard-egress-acknowledged": ["mandatory", "medium"],
      "agentcloud-network-encryption-in-transit": ["mandatory", "high"],
      "agentcloud-network-networkpolicy-only-acknowledged": ["mandatory", "high"],
      "agentcloud-network-unsafe-network-fabric": ["advisory", "medium"],
      "agentcloud-gateway-required": ["mandatory", "high"],
      "agentcloud-gateway-authentication": ["mandatory", "critical"],
      "agentcloud-gateway-no-allow-all": ["mandatory", "critical"],
      "agentcloud-gateway-no-public-service": ["mandatory", "high"],
      "agentcloud-gateway-hardened": ["mandatory", "high"],
      "agentcloud-observability-required": ["advisory", "medium"],
      "agentcloud-observability-grafana-secured": ["mandatory", "high"],
      "agentcloud-observability-retention": ["mandatory", "medium"],
      "agentcloud-audit-pipeline-required": ["mandatory", "high"],
      "agentcloud-audit-no-static-credentials": ["mandatory", "high"],
      "agentcloud-audit-signing-key-not-exportable": ["mandatory", "high"],
      "agentcloud-kubernetes-no-removed-apis": ["mandatory", "high"],
      "agentcloud-images-no-latest-tag": ["advisory", "medium"],
      "agentcloud-aws-eks-private-endpoint": ["mandatory", "high"],
      "agentcloud-aws-eks-secrets-encryption": ["mandatory", "high"],
      "agentcloud-aws-eks-control-plane-logs": ["mandatory", "medium"],
      "agentcloud-aws-node-imdsv2": ["mandatory", "high"],
      "agentcloud-aws-gpu-node-taint": ["mandatory", "medium"],
      "agentcloud-aws-audit-bucket": ["mandatory", "high"],
      "agentcloud-aws-agent-role-no-wildcards": ["mandatory", "high"],
      "agentcloud-aws-kms-key-rotation": ["mandatory", "medium"],
      "agentcloud-gcp-private-cluster": ["mandatory", "high"],
      "agentcloud-gcp-workload-identity": ["mandatory", "high"],
      "agentcloud-gcp-agent-iam-scoped": ["mandatory", "high"],
      "agentcloud-gcp-secrets-encryption": ["mandatory", "high"],
      "agentcloud-gcp-shielded-nodes": ["mandatory", "high"],
      "agentcloud-gcp-node-service-account": ["mandatory", "high"],
      "agentcloud-gcp-sandbox-gvisor": ["mandatory", "high"],
      "agentcloud-gcp-gpu-node-taint": ["mandatory", "medium"],
      "agentcloud-gcp-audit-bucket": ["mandatory", "high"],
    });
  });

  it("keeps policies self-contained: relative imports stay in policies/, packages are declared in policies/package.json", () => {
    const declared = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies,
    );
    for (const path of listFiles(ROOT, (p) => p.endsWith(".ts"))) {
      const imports = [...readFileSync(path, "utf8").matchAll(/(?:from\s+|import\s+|require\(|import\()\s*["']([^"']+)["']/g)].map(
        (m) => m[1],
      );
      const outside = imports.filter((i) =>
        i.startsWith(".") ? !resolve(dirname(path), i).startsWith(ROOT + "/") : !declared.some((d) => i === d || i.startsWith(`${d}/`)),
      );
      expect({ path, outside }).toEqual({ path, outside: [] });
    }
  });

  it("only index.ts constructs the PolicyPack", () => {
    const constructs = [...policyFiles().map((f) => f.path), join(ROOT, "all.ts"), join(ROOT, "index.ts")].filter((path) =>
      readFileSync(path, "utf8").includes("new PolicyPack("),
    );
    expect(constructs).toEqual([join(ROOT, "index.ts")]);
    expect(readFileSync(join(ROOT, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("passes a compliant tenant (namespace, default-deny, ServiceAccount, agent Deployment, monitoring) on every policy", async () => {
    const regs = [
      stackRelease(),
      namespace("team-a", "a"),
      networkPolicy("default-deny", "team-a", defaultDenySpec()),
      serviceAccount("coder", false),
      ...sandboxRuntimeClasses(),
      agentDeployment("coder"),
      workload("SandboxTemplate", "browser", agentTemplate(undefined, "browser")),
    ];
    expect(await violations(policies, regs)).toEqual([]);
  });

  it("reports a stack that breaks everything under every policy, and a disabled policy under none", async () => {
    const regs = everythingWrong();
    const all = await violations(policies, regs);
    expect([...new Set(all.map((v) => v.policy))].sort()).toEqual(policies.map((p) => p.name).sort());
    expect(await violations(policies, regs, { all: "disabled" })).toEqual([]);
    for (const policy of policies) {
      const without = await violations(policies, regs, { [policy.name]: "disabled" });
      expect({ policy: policy.name, reported: without.some((v) => v.policy === policy.name) }).toEqual({
        policy: policy.name,
        reported: false,
      });
      expect(without).toHaveLength(all.filter((v) => v.policy !== policy.name).length);
      const only = await violations(policies, regs, { all: "disabled", [policy.name]: { enforcementLevel: "advisory" } });
      expect(only.map((v) => [v.policy, v.enforcementLevel])).toEqual(
        all.filter((v) => v.policy === policy.name).map(() => [policy.name, "advisory"]),
      );
    }
  });

  it("judges malformed pod specs without throwing, failing closed", async () => {
    const odd = [
      workload(
        "Deployment",
        "a",
        agentTemplate((t) => {
          (t.spec as unknown as Record<string, unknown>).containers = [null, 5];
          (t.spec as unknown as Record<string, unknown>).volumes = [null, { name: "v" }];
          (t.spec.securityContext as unknown as Record<string, unknown>).sysctls = [null];
        }),
      ),
      workload(
        "Deployment",
        "b",
        agentTemplate((t) => {
          (t.spec as unknown as Record<string, unknown>).containers = "agent";
          (t.spec as unknown as Record<string, unknown>).initContainers = [{ name: "i", ports: [null, { hostPort: null }] }];
        }),
      ),
      registration("kubernetes:apps/v1:Deployment", "c", { spec: { template: { spec: [] } } }),
    ];
    const found = await violations(policies, odd);
    const of = (policy: string) => found.filter((v) => v.policy === policy).map((v) => v.message);
    expect(of("agentcloud-pod-security-no-privilege-escalation")).toEqual([
      'Deployment "a" container "containers[0]" must set securityContext.allowPrivilegeEscalation to false.',
      'Deployment "a" container "containers[1]" must set securityContext.allowPrivilegeEscalation to false.',
      'Deployment "b" init container "i" must set securityContext.allowPrivilegeEscalation to false.',
    ]);
    expect(of("agentcloud-pod-security-safe-sysctls")).toEqual([
      'Deployment "a" must not set sysctl spec.template.spec.securityContext.sysctls[0]; only ' +
        "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, " +
        "net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, " +
        "net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes are safe.",
    ]);
    expect(of("agentcloud-pod-security-no-host-ports")).toEqual([]);
    expect(of("agentcloud-pod-security-volume-types")).toEqual([]);
    expect(of("agentcloud-identity-no-token-automount")).toEqual([]);
  });

  it("never puts free-form property values (env, reasons, paths, images, unknown enums) into messages", async () => {
    const found = await violations(policies, everythingWrong());
    expect(found.length).toBeGreaterThan(25);
    expect(found.filter((v) => /canary/i.test(v.message)).map((v) => v.message)).toEqual([]);
  });
});

/** One stack that breaks every policy; every free-form value holds the marker CANARY. */
function everythingWrong() {
  const open = workload(
    "Deployment",
    "open",
    agentTemplate((t) => {
      t.metadata.annotations = {
        "agentcloud.dev/unsafe-no-sandbox": "CANARY reason",
        "agentcloud.dev/unsafe-broad-cloud-permissions": "CANARY reason",
        "container.apparmor.security.beta.kubernetes.io/agent": "CANARY-profile",
      };
      t.spec = {
        hostPID: true,
        securityContext: {
          runAsUser: 0,
          sysctls: [{ name: "kernel.CANARY", value: "CANARY" }],
          seLinuxOptions: { type: "CANARY_t", user: "CANARY" },
          appArmorProfile: { type: "CANARY" },
          seccompProfile: { type: "CANARY" },
          windowsOptions: { hostProcess: true },
        },
        volumes: [
          { name: "root", hostPath: { path: "/CANARY" } },
          { name: "share", nfs: { server: "CANARY.example", path: "/CANARY" } },
        ],
        containers: [
          {
            name: "agent",
            image: "registry.example/CANARY",
            env: [{ name: "TOKEN", value: "CANARY-env" }],
            ports: [{ containerPort: 80, hostPort: 80 }],
            securityContext: { privileged: true, procMount: "Unmasked", capabilities: { add: ["CANARY-cap", "SYS_ADMIN"] } },
          },
        ],
      };
    }),
  );
  const bare = agentDeployment("bare", (t) => {
    delete t.spec.runtimeClassName;
  });
  const fake = agentDeployment("fake", (t) => {
    t.spec.runtimeClassName = "gvisor";
  });
  const removed = workload("CronJob", "old", agentTemplate(), "batch/v1beta1");
  return [
    namespace("team-a", "a"),
    runtimeClass("gvisor", "runc"),
    serviceAccount("coder"),
    open,
    bare,
    fake,
    removed,
    ...networkWrong(),
    ...gatewayWrong(),
    ...observabilityWrong(),
    ...awsWrong(),
    ...gcpWrong(),
    ...auditWrong(),
  ];
}

/** Monitoring that breaks every observability policy: a public Grafana with a literal password, 1 day kept, agents' metrics unscraped. */
function observabilityWrong() {
  return [
    metricsAgent("metrics-agent"),
    stackRelease((values) => {
      values.prometheus.prometheusSpec.retention = "1d";
      values.grafana.adminPassword = "CANARY-password";
      values.grafana.ingress = { enabled: true, hosts: ["CANARY.example"] };
    }),
  ];
}

/** A gateway that breaks every gateway policy, and an agent with tools not routed through it; free-form values hold CANARY. */
function gatewayWrong() {
  const config = fleetConfig();
  const mcp = routePolicies(config, 0);
  mcp.jwtAuth = { mode: "optional", issuer: "https://CANARY.example", jwks: "CANARY" };
  mcp.mcpAuthorization = { rules: ["true", 'mcp.tool.name == "CANARY"'] };
  delete routePolicies(config, 1).authorization;
  return [
    toolAgent("tools-agent", [{ server: "CANARY", tools: ["CANARY"] }], false),
    configMap(config),
    gatewayDeployment((template, spec) => {
      spec.replicas = 1;
      template.spec.containers[0].securityContext = {};
    }),
    gatewayService((spec) => {
      spec.type = "LoadBalancer";
      spec.loadBalancerIP = "CANARY";
    }),
  ];
}

/** Network objects that break every network policy; free-form values hold CANARY. */
function networkWrong() {
  const tenantWith = (name: string, annotations: Record<string, string>) =>
    registration("kubernetes:core/v1:Namespace", name, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, labels: { "agentcloud.dev/tenant": name }, annotations },
    });
  return [
    // Cilium fabric without a fabric default deny, with an unknown encryption.
    tenantWith("team-b", { "agentcloud.dev/network-fabric": "cilium", "agentcloud.dev/network-encryption": "CANARY" }),
    // networkpolicy-only without the acknowledgement, and one acknowledged.
    tenantWith("team-c", { "agentcloud.dev/network-fabric": "networkpolicy-only", "agentcloud.dev/network-encryption": "none" }),
    tenantWith("team-d", {
      "agentcloud.dev/network-fabric": "networkpolicy-only",
      "agentcloud.dev/unsafe-network-fabric": "CANARY reason",
    }),
    // Egress to every address (metadata included) from the tenant namespace.
    networkPolicy("open-egress", "team-a", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] }),
    // A wildcard FQDN without the acknowledgement.
    registration("kubernetes:cilium.io/v2:CiliumNetworkPolicy", "wildcard", {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "wildcard", namespace: "team-a" },
      spec: { endpointSelector: {}, egress: [{ toFQDNs: [{ matchPattern: "*.example.com" }] }] },
    }),
    // Cilium installed without encryption.
    registration("kubernetes:helm.sh/v3:Release", "cilium", { chart: "cilium", version: "1.20.0", values: { hubble: { enabled: true } } }),
  ];
}
