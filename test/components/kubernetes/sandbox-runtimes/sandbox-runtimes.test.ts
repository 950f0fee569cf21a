import * as k8s from "@pulumi/kubernetes";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  availableRuntimeClassNames,
  buildRuntimeClasses,
  DEFAULT_SANDBOX_RUNTIMES,
  KATA_DEPLOY_TIMEOUT_SECONDS,
  kataDeployValues,
  SandboxRuntimes,
  validateSandboxRuntimesSpec,
} from "../../../../components/kubernetes/sandbox-runtimes";
import { ArgumentError } from "../../../../components/validation";
import { SANDBOX_NODE_KEY, SANDBOX_RUNTIMES, UPSTREAM } from "../../../../components/vocabulary";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects, UPSTREAM_DIR } from "../../../helpers/schema";

const KATA_VALUES = parse(readFileSync(join(UPSTREAM_DIR, "kata-deploy", UPSTREAM.kataDeploy.version, "values.yaml"), "utf8")) as Record<
  string,
  unknown
>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Key paths of `ours` that upstream lacks, or whose scalar type differs. Free-form upstream maps (`{}`) end the walk. */
function unknownPaths(ours: Record<string, unknown>, upstream: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(ours).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (!(key in upstream)) return [`${path}: not in upstream values`];
    const theirs = upstream[key];
    if (isMap(value) && isMap(theirs) && Object.keys(theirs).length > 0) return unknownPaths(value, theirs, `${path}.`);
    if (theirs !== null && Array.isArray(theirs) !== Array.isArray(value)) return [`${path}: list vs map mismatch`];
    if (theirs !== null && !isMap(theirs) && !Array.isArray(theirs) && typeof theirs !== typeof value) {
      return [`${path}: upstream is ${typeof theirs}, ours is ${typeof value}`];
    }
    return [];
  });
}

describe("buildRuntimeClasses", () => {
  it("renders gVisor, kata-qemu and kata-clh by default with their handlers and pod overheads, all schema-valid", async () => {
    const classes = buildRuntimeClasses();
    expect(classes.map((c) => [c.metadata?.name, c.handler, c.overhead?.podFixed])).toEqual([
      ["gvisor", "runsc", { memory: "64Mi", cpu: "100m" }],
      ["kata-qemu", "kata-qemu", { memory: "160Mi", cpu: "250m" }],
      ["kata-clh", "kata-clh", { memory: "130Mi", cpu: "250m" }],
    ]);
    expect(availableRuntimeClassNames()).toEqual(["gvisor", "kata-qemu", "kata-clh"]);
    expect(await invalidObjects(classes)).toEqual([]);
  });

  it("leaves kata-fc out unless listed: kata-deploy 3.32.0 runs fc on the devmapper snapshotter, which nodes must set up", async () => {
    const upstreamFc = (KATA_VALUES.shims as Record<string, { containerd?: { snapshotter?: string } }>).fc;
    expect(upstreamFc.containerd?.snapshotter).toBe("devmapper");
    expect(DEFAULT_SANDBOX_RUNTIMES).toEqual(["gvisor", "kata-qemu", "kata-clh"]);
    expect(kataDeployValues().shims).not.toHaveProperty("fc");
    const classes = buildRuntimeClasses({ runtimes: [...SANDBOX_RUNTIMES] });
    expect(classes.map((c) => [c.metadata?.name, c.handler, c.overhead?.podFixed])).toContainEqual([
      "kata-fc",
      "kata-fc",
      { memory: "130Mi", cpu: "250m" },
    ]);
    expect(kataDeployValues({ runtimes: ["kata-fc"] }).shims).toEqual({ disableAll: true, fc: { enabled: true } });
    expect(classes[0].metadata?.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "agentcloud",
      "app.kubernetes.io/component": "runtime-class",
    });
    expect(await invalidObjects(classes)).toEqual([]);
  });

  it("pins gVisor to gVisor nodes and Kata to nodes kata-deploy labelled, each tolerating its sandbox taint", () => {
    const [gvisor, ...kata] = buildRuntimeClasses();
    expect(gvisor.scheduling).toEqual({
      nodeSelector: { "agentcloud.dev/sandbox": "gvisor" },
      tolerations: [{ key: SANDBOX_NODE_KEY, operator: "Equal", value: "gvisor", effect: "NoSchedule" }],
    });
    for (const c of kata) {
      expect(c.scheduling).toEqual({
        nodeSelector: { "katacontainers.io/kata-runtime": "true" },
        tolerations: [{ key: "agentcloud.dev/sandbox", operator: "Equal", value: "kata", effect: "NoSchedule" }],
      });
    }
  });

  it("replaces only the scheduling fields given per family, and drops an emptied constraint", async () => {
    const classes = buildRuntimeClasses({
      gvisor: { nodeSelector: { "cloud.google.com/gke-nodepool": "sandbox" } },
      kata: { nodeSelector: {}, tolerations: [] },
    });
    expect(classes[0].scheduling).toEqual({
      nodeSelector: { "cloud.google.com/gke-nodepool": "sandbox" },
      tolerations: [{ key: "agentcloud.dev/sandbox", operator: "Equal", value: "gvisor", effect: "NoSchedule" }],
    });
    expect(classes[1].scheduling).toBeUndefined();
    expect(await invalidObjects(classes)).toEqual([]);
  });

  it("skips platform-provided classes but still offers them to agents", () => {
    const spec = { runtimes: ["kata-qemu", "gvisor"] as const, platformProvided: ["gvisor"] as const };
    expect(buildRuntimeClasses(spec).map((c) => c.metadata?.name)).toEqual(["kata-qemu"]);
    expect(availableRuntimeClassNames(spec)).toEqual(["gvisor", "kata-qemu"]);
  });
});

describe("validateSandboxRuntimesSpec", () => {
  it("accepts the defaults", () => {
    expect(validateSandboxRuntimesSpec()).toEqual([]);
    expect(validateSandboxRuntimesSpec({ installKata: true })).toEqual([]);
  });

  it("reports unknown and repeated runtimes, a platformProvided name not selected, and bad scheduling, all at once", () => {
    const problems = validateSandboxRuntimesSpec({
      runtimes: ["gvisor", "runc" as never, "gvisor"],
      platformProvided: ["kata-fc"],
      gvisor: {
        nodeSelector: { "bad key!": "x" },
        tolerations: [{ key: "agentcloud.dev/sandbox", operator: "Exists", value: "gvisor", effect: "NoSchedule" }],
      },
      kata: { tolerations: [{ operator: "Equal", effect: "Sometimes" }] },
    });
    expect(problems.map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      'runtimes[1]: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc"',
      "runtimes[2]: is listed more than once",
      "platformProvided[0]: is not among runtimes",
      "gvisor.nodeSelector[\"bad key!\"]: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
      "gvisor.tolerations[0].value: must be empty with operator Exists",
      "kata.tolerations[0].key: may be empty only with operator Exists",
      'kata.tolerations[0].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(validateSandboxRuntimesSpec({ runtimes: ["gvisor"], platformProvided: ["kata-fc"] })).toEqual([
      {
        argument: "platformProvided[0]",
        value: "kata-fc",
        problem: "is not among runtimes",
        fix: 'add "kata-fc" to runtimes, or remove it from platformProvided',
      },
    ]);
  });

  it("refuses to install Kata when no Kata class would be rendered", () => {
    expect(validateSandboxRuntimesSpec({ runtimes: ["gvisor", "kata-qemu"], platformProvided: ["kata-qemu"], installKata: true })).toEqual([
      expect.objectContaining({
        argument: "installKata",
        problem: "installs Kata but no Kata RuntimeClass is rendered (none selected, or all platform-provided)",
      }),
    ]);
    expect(validateSandboxRuntimesSpec({ runtimes: [] }).map((p) => p.problem)).toEqual(["must list at least one runtime"]);
  });
});

describe("kataDeployValues", () => {
  it("sets only keys the pinned kata-deploy chart has", () => {
    expect(unknownPaths(kataDeployValues(), KATA_VALUES)).toEqual([]);
    expect(unknownPaths(kataDeployValues({ runtimes: ["kata-clh"], kata: { tolerations: [] } }), KATA_VALUES)).toEqual([]);
    // The check itself bites on a misspelt shim, a missing key and a wrong type.
    expect(unknownPaths({ shims: { qemuu: { enabled: true }, disableAll: "yes" }, runtimeClass: {} }, KATA_VALUES)).toEqual([
      "shims.qemuu: not in upstream values",
      "shims.disableAll: upstream is boolean, ours is string",
      "runtimeClass: not in upstream values",
    ]);
  });

  it("enables exactly the qemu and clh shims by default, which upstream has for amd64, and turns off the chart's RuntimeClasses", () => {
    const values = kataDeployValues();
    expect(values.shims).toEqual({ disableAll: true, qemu: { enabled: true }, clh: { enabled: true } });
    const upstreamShims = KATA_VALUES.shims as Record<string, { supportedArches?: string[] }>;
    for (const shim of ["qemu", "clh", "fc"]) expect(upstreamShims[shim]?.supportedArches).toContain("amd64");
    expect(values.runtimeClasses).toEqual({ enabled: false, createDefault: false });
    expect((KATA_VALUES.runtimeClasses as Record<string, unknown>).enabled).toBe(true);
    expect(values.defaultShim).toEqual({ amd64: "qemu" });
  });

  it("follows the selected Kata classes and places the installer on Kata sandbox nodes", () => {
    const values = kataDeployValues({ runtimes: ["gvisor", "kata-fc", "kata-clh"] });
    expect(values.shims).toEqual({ disableAll: true, clh: { enabled: true }, fc: { enabled: true } });
    expect(values.defaultShim).toEqual({ amd64: "clh" });
    expect(values.nodeSelector).toEqual({ "agentcloud.dev/sandbox": "kata" });
    expect(values.tolerations).toEqual([{ key: "agentcloud.dev/sandbox", operator: "Equal", value: "kata", effect: "NoSchedule" }]);
  });
});

describe("SandboxRuntimes", () => {
  it("registers typed RuntimeClasses under the component with the given provider", async () => {
    let names: Promise<string[]> | undefined;
    const rec = await record(() => {
      const provider = new k8s.Provider("cluster", {});
      const runtimes = new SandboxRuntimes("sandbox", {}, { provider });
      names = new Promise((resolve) => runtimes.runtimeClassNames.apply(resolve));
    });
    const component = rec.named("sandbox");
    expect(component.type).toBe("agentcloud:kubernetes:SandboxRuntimes");
    const classes = rec.ofType("kubernetes:node.k8s.io/v1:RuntimeClass");
    expect(classes.map((c) => c.name).sort()).toEqual(["sandbox-gvisor", "sandbox-kata-clh", "sandbox-kata-qemu"]);
    for (const c of classes) {
      expect(c.parent).toBe(component.urn);
      expect(c.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
    }
    expect(rec.ofType("kubernetes:helm.sh/v3:Release")).toEqual([]);
    expect(await names).toEqual(["gvisor", "kata-qemu", "kata-clh"]);
    expect(await invalidObjects(rec.objects())).toEqual([]);
  });

  it("installs kata-deploy from the pinned OCI chart into kube-system when asked", async () => {
    const rec = await record(() => {
      const provider = new k8s.Provider("cluster", {});
      new SandboxRuntimes("sandbox", { installKata: true, runtimes: ["kata-qemu"] }, { provider });
    });
    const release = rec.named("sandbox-kata-deploy");
    expect(release.type).toBe("kubernetes:helm.sh/v3:Release");
    expect(release.parent).toBe(rec.named("sandbox").urn);
    expect(release.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
    expect(release.inputs).toMatchObject({
      name: "kata-deploy",
      chart: "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy",
      version: "3.32.0",
      namespace: "kube-system",
      values: {
        shims: { disableAll: true, qemu: { enabled: true } },
        runtimeClasses: { enabled: false, createDefault: false },
      },
    });
    expect(rec.ofType("kubernetes:node.k8s.io/v1:RuntimeClass").map((c) => c.name)).toEqual(["sandbox-kata-qemu"]);
  });

  it("gives the kata-deploy release the chart's own DaemonSet rollout budget as its timeout, not Pulumi's 300 s", async () => {
    expect((KATA_VALUES.verification as Record<string, unknown>).daemonsetTimeout).toBe(1200);
    expect(KATA_DEPLOY_TIMEOUT_SECONDS).toBe(1200);
    const rec = await record(() => {
      new SandboxRuntimes("sandbox", { installKata: true });
      new SandboxRuntimes("slow", { installKata: true, kataDeployTimeoutSeconds: 2400 });
    });
    expect(rec.named("sandbox-kata-deploy").inputs.timeout).toBe(1200);
    expect(rec.named("slow-kata-deploy").inputs.timeout).toBe(2400);
    expect(validateSandboxRuntimesSpec({ kataDeployTimeoutSeconds: 60 }).map((p) => p.argument)).toEqual(["kataDeployTimeoutSeconds"]);
  });

  it("does not render classes the platform provides (GKE's gvisor) yet lists them for agents", async () => {
    let names: Promise<string[]> | undefined;
    const rec = await record(() => {
      const runtimes = new SandboxRuntimes("sandbox", { runtimes: ["gvisor"], platformProvided: ["gvisor"] });
      names = new Promise((resolve) => runtimes.runtimeClassNames.apply(resolve));
    });
    expect(rec.ofType("kubernetes:node.k8s.io/v1:RuntimeClass")).toEqual([]);
    expect(rec.registrations.map((r) => r.name)).toEqual(["sandbox"]);
    expect(await names).toEqual(["gvisor"]);
  });

  it("throws every problem before registering anything when arguments are invalid", async () => {
    const { error, rec } = await recordRejection(
      () =>
        new SandboxRuntimes("sandbox", {
          runtimes: ["firecracker" as never],
          platformProvided: ["gvisor"],
          kata: { nodeSelector: { pool: "not a value" }, tolerations: "kata" as never },
        }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      [
        'SandboxRuntimes "sandbox" has 4 invalid arguments:',
        '  - runtimes[0]: must be one of "gvisor", "kata-qemu", "kata-clh", "kata-fc" (got "firecracker"); fix: set runtimes[0] to one of those',
        '  - platformProvided[0]: is not among runtimes (got "gvisor"); fix: add "gvisor" to runtimes, or remove it from platformProvided',
        "  - kata.nodeSelector[\"pool\"]: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got \"not a value\"); fix: use a value like \"platform-team\" (no spaces, '@' or '/')",
        '  - kata.tolerations: must be a list of tolerations (got "kata"); fix: use a list like [{"key": "example.com/pool", "operator": "Exists", "effect": "NoSchedule"}]',
      ].join("\n"),
    );
    expect(rec.registrations).toEqual([]);
  });
});
