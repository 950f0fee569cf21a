import { describe, expect, it } from "vitest";
import { validateAgentNamespaceSpec } from "../../../components/kubernetes/agent-namespace/validate";
import { validateAgentSandboxControllerSpec } from "../../../components/kubernetes/agent-sandbox/validate";
import { validateApiServerEndpoint, validateClusterDns, validateDnsPresets } from "../../../components/kubernetes/network";
import { validatePriorityClassesSpec } from "../../../components/kubernetes/priority-classes/validate";
import { validateSandboxRuntimesSpec } from "../../../components/kubernetes/sandbox-runtimes/validate";
import { formatProblem, type ValidationProblem } from "../../../components/validation";

// Every component's validation function, case by case, with the exact message (argument, value, fix). Imported from
// the pure files, so `npm run mutation:validation` runs these without Pulumi.
const lines = (problems: ValidationProblem[]) => problems.map(formatProblem);
const DNS_LABEL =
  "must be a DNS-1123 label of at most 63 characters (lower-case letters, digits and '-', starting and ending with a letter or digit)";
const KUBE_DNS = `{ namespaceSelector: {"kubernetes.io/metadata.name": "kube-system"}, podSelector: {"k8s-app": "kube-dns"} }`;
const TENANT = { namespace: "team-a", owner: "platform", costCentre: "cc-1" };

describe("validateAgentNamespaceSpec", () => {
  it("accepts a tenant with defaults and one at its limits", () => {
    expect(validateAgentNamespaceSpec(TENANT)).toEqual([]);
    expect(
      validateAgentNamespaceSpec({
        ...TENANT,
        quota: { cpu: "2", memory: "2Gi", pods: 1, gpu: 0, gpuResource: "example/gpu" },
        limits: { defaultRequest: { cpu: "2", memory: "2Gi" }, default: { cpu: "2", memory: "2Gi" }, max: { cpu: "2", memory: "2Gi" } },
      }),
    ).toEqual([]);
  });

  it("reports every bad field", () => {
    expect(
      lines(
        validateAgentNamespaceSpec({
          namespace: "Team",
          owner: "",
          costCentre: "has space",
          quota: { cpu: "0", memory: "lots", pods: 0, gpu: -1, gpuResource: "gpu" },
          limits: { max: { cpu: "0" } },
        }),
      ),
    ).toEqual([
      `namespace: ${DNS_LABEL} (got "Team"); fix: use a name like "my-agent"`,
      'owner: is required (got ""); fix: set owner to a label value like "platform-team"',
      `costCentre: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "has space"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
      'quota.cpu: must be greater than zero (got "0"); fix: use a positive quantity like "16"',
      'quota.memory: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "64Gi"',
      "quota.pods: must be a whole number at least 1 (got 0); fix: set quota.pods to a whole number at least 1",
      "quota.gpu: must be a whole number at least 0 (got -1); fix: set quota.gpu to a whole number at least 0",
      'quota.gpuResource: is not an extended resource name (domain/name) (got "gpu"); fix: use a name like "nvidia.com/gpu"',
      'limits.max.cpu: must be greater than zero (got "0"); fix: use a positive quantity like "8"',
    ]);
    expect(lines(validateAgentNamespaceSpec({ namespace: "t", costCentre: "c" } as never))).toEqual([
      'owner: is required (got undefined); fix: set owner to a label value like "platform-team"',
    ]);
  });

  it("orders defaultRequest <= default <= max and default <= quota, so a container without resources fits", () => {
    expect(
      lines(
        validateAgentNamespaceSpec({
          namespace: "t",
          owner: "o",
          costCentre: "c",
          quota: { cpu: "1", memory: "1Gi" },
          limits: { defaultRequest: { cpu: "3" }, default: { cpu: "2", memory: "2Gi" }, max: { cpu: "1", memory: "4Gi" } },
        }),
      ),
    ).toEqual([
      'limits.defaultRequest.cpu: must not exceed limits.default.cpu (2) (got "3"); fix: lower limits.defaultRequest.cpu or raise limits.default.cpu',
      'limits.default.cpu: must not exceed limits.max.cpu (1) (got "2"); fix: lower limits.default.cpu or raise limits.max.cpu',
      'limits.default.cpu: must not exceed quota.cpu (1), or a container without resources never fits the quota (got "2"); fix: lower limits.default.cpu or raise quota.cpu',
      'limits.default.memory: must not exceed quota.memory (1Gi), or a container without resources never fits the quota (got "2Gi"); fix: lower limits.default.memory or raise quota.memory',
    ]);
  });
});

describe("validateAgentSandboxControllerSpec", () => {
  it("accepts the defaults and equal requests and limits", () => {
    expect(validateAgentSandboxControllerSpec()).toEqual([]);
    expect(
      validateAgentSandboxControllerSpec({
        replicas: 10,
        installCrds: false,
        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
      }),
    ).toEqual([]);
  });

  it("reports every bad field", () => {
    expect(
      lines(
        validateAgentSandboxControllerSpec({
          namespace: "X",
          image: "bad image",
          replicas: 11,
          installCrds: "no" as never,
          resources: { requests: { cpu: "0", memory: "1e400" }, limits: { cpu: "lots" } },
        }),
      ),
    ).toEqual([
      `namespace: ${DNS_LABEL} (got "X"); fix: use a name like "my-agent"`,
      'image: is not a container image reference (got "bad image"); fix: use a reference like "ghcr.io/acme/agent:1.2.3"',
      "replicas: must be a whole number from 1 to 10 (got 11); fix: set replicas to a whole number from 1 to 10",
      'installCrds: must be true or false (got "no"); fix: set installCrds to true or false',
      'resources.requests.cpu: must be greater than zero (got "0"); fix: use a positive quantity like "100m"',
      'resources.limits.cpu: is not a Kubernetes quantity (got "lots"); fix: use a quantity like "500m"',
      'resources.requests.memory: is not a finite quantity (too large to represent) (got "1e400"); fix: use a quantity like "128Mi"',
    ]);
    expect(validateAgentSandboxControllerSpec({ dns: "kube-dns" as never, apiServer: "10.0.0.1" as never }).map((p) => p.argument)).toEqual(
      ["dns", "apiServer"],
    );
    expect(lines(validateAgentSandboxControllerSpec({ resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } }))).toEqual([
      'resources.requests.cpu: must not exceed resources.limits.cpu (1) (got "2"); fix: lower resources.requests.cpu or raise resources.limits.cpu',
    ]);
  });
});

describe("validateSandboxRuntimesSpec", () => {
  it("accepts the defaults, a subset, platform-provided runtimes and Kata with a Kata class", () => {
    expect(validateSandboxRuntimesSpec()).toEqual([]);
    expect(
      validateSandboxRuntimesSpec({
        runtimes: ["gvisor", "kata-qemu"],
        platformProvided: ["gvisor"],
        installKata: true,
        kataDeployTimeoutSeconds: 300,
      }),
    ).toEqual([]);
    expect(
      validateSandboxRuntimesSpec({
        gvisor: { nodeSelector: {}, tolerations: [] },
        kata: {},
        kataDeployNodeSelector: { pool: "kata" },
        kataDeployTimeoutSeconds: 7200,
      }),
    ).toEqual([]);
  });

  it("reports every bad field", () => {
    expect(
      lines(
        validateSandboxRuntimesSpec({
          runtimes: [],
          platformProvided: "gvisor" as never,
          gvisor: [] as never,
          kata: { nodeSelector: { "a b": "c" }, tolerations: "x" as never },
          installKata: "y" as never,
          kataDeployNodeSelector: { k: "v v" },
          kataDeployTimeoutSeconds: 299,
        }),
      ),
    ).toEqual([
      'runtimes: must list at least one runtime (got []); fix: list names from "gvisor", "kata-qemu", "kata-clh", "kata-fc"',
      'platformProvided: must be a list of runtime names (got "gvisor"); fix: list names from "gvisor", "kata-qemu", "kata-clh", "kata-fc"',
      "gvisor: must be an object with nodeSelector and/or tolerations (got []); fix: set gvisor to {nodeSelector: {...}, tolerations: [...]}",
      `kata.nodeSelector["a b"]: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "a b"); fix: use a key like "example.com/pool"`,
      `kata.tolerations: must be a list of tolerations (got "x"); fix: use a list like [{"key": "example.com/pool", "operator": "Exists", "effect": "NoSchedule"}]`,
      'installKata: must be true or false (got "y"); fix: set installKata to true or false',
      `kataDeployNodeSelector["k"]: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "v v"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
      "kataDeployTimeoutSeconds: must be a whole number from 300 to 7200 (got 299); fix: set kataDeployTimeoutSeconds to a whole number from 300 to 7200",
    ]);
  });

  it("rejects duplicates, unknown runtimes, provided runtimes not selected, and Kata with nothing to install", () => {
    expect(
      lines(validateSandboxRuntimesSpec({ runtimes: ["gvisor", "gvisor", "runc" as never], platformProvided: ["kata-qemu"] })),
    ).toEqual([
      'runtimes[1]: is listed more than once (got "gvisor"); fix: list "gvisor" once',
      'runtimes[2]: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc" (got "runc"); fix: set runtimes[2] to one of those',
      'platformProvided[0]: is not among runtimes (got "kata-qemu"); fix: add "kata-qemu" to runtimes, or remove it from platformProvided',
    ]);
    const nothingToInstall =
      'installKata: installs Kata but no Kata RuntimeClass is rendered (none selected, or all platform-provided) (got true); fix: add a Kata runtime ("kata-qemu", "kata-clh", "kata-fc") to runtimes, or set installKata to false';
    expect(lines(validateSandboxRuntimesSpec({ runtimes: ["gvisor"], installKata: true }))).toEqual([nothingToInstall]);
    expect(
      lines(validateSandboxRuntimesSpec({ runtimes: ["gvisor", "kata-qemu"], platformProvided: ["kata-qemu"], installKata: true })),
    ).toEqual([nothingToInstall]);
    expect(validateSandboxRuntimesSpec({ runtimes: ["runc" as never], installKata: true }).map((p) => p.argument)).toEqual(["runtimes[0]"]);
  });
});

describe("validatePriorityClassesSpec", () => {
  it("accepts the bounds and strict ordering", () => {
    expect(validatePriorityClassesSpec()).toEqual([]);
    expect(validatePriorityClassesSpec({ values: { critical: 1_000_000_000, standard: 0, batch: -2147483648 } })).toEqual([]);
  });

  it("rejects values out of range and an ordering that is not strict", () => {
    expect(lines(validatePriorityClassesSpec({ values: { critical: 1_000_000_001, batch: 1.5 } }))).toEqual([
      "values.critical: must be a whole number from -2147483648 to 1000000000 (got 1000000001); fix: set values.critical to a whole number from -2147483648 to 1000000000",
      "values.batch: must be a whole number from -2147483648 to 1000000000 (got 1.5); fix: set values.batch to a whole number from -2147483648 to 1000000000",
    ]);
    const order = (values: object) =>
      `values: must order critical > standard > batch (got ${JSON.stringify(values)}); fix: choose values so that critical is highest and batch lowest`;
    expect(lines(validatePriorityClassesSpec({ values: { critical: 5, standard: 5, batch: 1 } }))).toEqual([
      order({ critical: 5, standard: 5, batch: 1 }),
    ]);
    expect(lines(validatePriorityClassesSpec({ values: { critical: 5, standard: 1, batch: 1 } }))).toEqual([
      order({ critical: 5, standard: 1, batch: 1 }),
    ]);
  });
});

describe("cluster DNS and API server endpoints (network.ts)", () => {
  it("accepts pods and addresses", () => {
    expect(validateClusterDns("dns", undefined)).toEqual([]);
    expect(
      validateClusterDns("dns", {
        pods: [{ namespaceSelector: { a: "b" }, podSelector: { c: "d" } }],
        addresses: ["169.254.20.10", "fd00::10"],
      }),
    ).toEqual([]);
    expect(validateClusterDns("dns", { addresses: ["169.254.169.254"] })).toEqual([]);
    expect(validateDnsPresets("p", ["kube-dns", "gke-cloud-dns"])).toEqual([]);
  });

  it("reports every bad DNS field", () => {
    expect(
      lines(
        validateClusterDns("dns", {
          pods: [{ namespaceSelector: {}, podSelector: { "k8s-app": "kube-dns" } }, "x"],
          addresses: ["10.0.0.10/32", "fd00::10", 5],
          extra: 1,
        }),
      ),
    ).toEqual([
      'dns.extra: is not a field of the DNS allowance (got 1); fix: use pods: [{namespaceSelector, podSelector}] and/or addresses: ["169.254.20.10"]',
      'dns.pods[0].namespaceSelector: must not be empty (an empty selector opens port 53 to every pod) (got {}); fix: select the DNS pods, e.g. {"kubernetes.io/metadata.name": "kube-system"}',
      `dns.pods[1]: must be an object with namespaceSelector and podSelector (got "x"); fix: use ${KUBE_DNS}`,
      'dns.addresses[0]: is not a single IPv4 or IPv6 address (ranges are not allowed for DNS) (got "10.0.0.10/32"); fix: use one address like "169.254.20.10"',
      'dns.addresses[2]: is not a single IPv4 or IPv6 address (ranges are not allowed for DNS) (got 5); fix: use one address like "169.254.20.10"',
    ]);
    expect(lines(validateClusterDns("dns", { pods: [{ namespaceSelector: { a: "b" }, podSelector: { "bad key": "x" } }] }))).toEqual([
      `dns.pods[0].podSelector["bad key"]: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "bad key"); fix: use a key like "example.com/pool"`,
    ]);
    expect(lines(validateClusterDns("dns", { pods: [], addresses: [] }))).toEqual([
      `dns: allows no DNS server, so agents cannot resolve names (got {"pods":[],"addresses":[]}); fix: add pods or addresses, e.g. pods: [${KUBE_DNS}]`,
    ]);
    expect(lines([...validateClusterDns("dns", "kube-dns"), ...validateClusterDns("dns", { pods: {}, addresses: "1.1.1.1" })])).toEqual([
      `dns: must be an object with pods and/or addresses (got "kube-dns"); fix: use e.g. { pods: [${KUBE_DNS}] }`,
      `dns.pods: must be a list (got {}); fix: use [${KUBE_DNS}]`,
      'dns.addresses: must be a list of IP addresses (got "1.1.1.1"); fix: use e.g. ["169.254.20.10"]',
    ]);
    const presets = '"kube-dns", "coredns", "node-local-dns", "gke-node-local-dns-cache", "gke-cloud-dns"';
    expect(
      lines([...validateDnsPresets("p", []), ...validateDnsPresets("p", ["gke", "nope"]), ...validateDnsPresets("p", "kube-dns")]),
    ).toEqual([
      `p: must list at least one DNS preset (got []); fix: list names from ${presets}`,
      `p[0]: must be one of ${presets} (got "gke"); fix: set p[0] to one of those`,
      `p[1]: must be one of ${presets} (got "nope"); fix: set p[1] to one of those`,
      `p: must list at least one DNS preset (got "kube-dns"); fix: list names from ${presets}`,
    ]);
  });

  it("keeps API server egress to real CIDRs and ports, never everything or the metadata address", () => {
    expect(validateApiServerEndpoint("apiServer", undefined)).toEqual([]);
    expect(
      validateApiServerEndpoint("apiServer", {
        cidrs: ["172.16.0.2/32", "10.0.0.0/8", "fd00::/8", "169.254.169.255/32"],
        ports: [1, 443, 65535],
      }),
    ).toEqual([]);
    expect(
      lines(
        validateApiServerEndpoint("apiServer", {
          cidrs: [
            "0.0.0.0/0",
            "169.254.0.0/16",
            "10.0.0.0/33",
            "10.0.0.1",
            "x/8",
            "10.0.0.0/8/1",
            "fd00::/129",
            "172.16.0.2/32",
            7,
            "169.254.169.254/32",
            "10.0.0.0/1000",
          ],
          ports: [0, 443, 65536, "443", 1.5],
        }),
      ),
    ).toEqual([
      'apiServer.cidrs[0]: opens the API server ports to every address, the internet included (got "0.0.0.0/0"); fix: state the control-plane CIDR (the addresses of the kubernetes Service\'s endpoints)',
      'apiServer.cidrs[1]: holds the cloud metadata address 169.254.169.254 (got "169.254.0.0/16"); fix: state the control-plane CIDR only',
      'apiServer.cidrs[2]: is not a CIDR (got "10.0.0.0/33"); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[3]: is not a CIDR (got "10.0.0.1"); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[4]: is not a CIDR (got "x/8"); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[5]: is not a CIDR (got "10.0.0.0/8/1"); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[6]: is not a CIDR (got "fd00::/129"); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[8]: is not a CIDR (got 7); fix: use an address range like "172.16.0.0/28"',
      'apiServer.cidrs[9]: holds the cloud metadata address 169.254.169.254 (got "169.254.169.254/32"); fix: state the control-plane CIDR only',
      'apiServer.cidrs[10]: is not a CIDR (got "10.0.0.0/1000"); fix: use an address range like "172.16.0.0/28"',
      "apiServer.ports[0]: is not a TCP port (1 to 65535) (got 0); fix: use e.g. 443",
      "apiServer.ports[2]: is not a TCP port (1 to 65535) (got 65536); fix: use e.g. 443",
      'apiServer.ports[3]: is not a TCP port (1 to 65535) (got "443"); fix: use e.g. 443',
      "apiServer.ports[4]: is not a TCP port (1 to 65535) (got 1.5); fix: use e.g. 443",
    ]);
    expect(
      lines([
        ...validateApiServerEndpoint("apiServer", "x"),
        ...validateApiServerEndpoint("apiServer", { cidrs: [], ports: [] }),
        ...validateApiServerEndpoint("a", { cidrs: "10.0.0.0/8", ports: 443 }),
      ]),
    ).toEqual([
      'apiServer: must be an object with cidrs and/or ports (got "x"); fix: use e.g. { cidrs: ["172.16.0.2/32"], ports: [443] }',
      'apiServer.cidrs: must list at least one CIDR (got []); fix: use the control-plane addresses, e.g. ["172.16.0.2/32"]',
      "apiServer.ports: must list at least one port (got []); fix: use e.g. [443]",
      'a.cidrs: must list at least one CIDR (got "10.0.0.0/8"); fix: use the control-plane addresses, e.g. ["172.16.0.2/32"]',
      "a.ports: must list at least one port (got 443); fix: use e.g. [443]",
    ]);
  });
});
