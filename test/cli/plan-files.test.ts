import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { canonicalJson } from "../../cli/canonical";
import type { Registration } from "../../cli/mock-runtime";
import { manifestFileChunks, manifestFiles, resourcesJson, resourcesJsonChunks } from "../../cli/plan-files";
import { redactSecrets } from "../../cli/secrets";

const SECRET = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

function object(kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}): Registration {
  const apiVersion = kind === "CustomResourceDefinition" ? "apiextensions.k8s.io/v1" : kind === "Deployment" ? "apps/v1" : "v1";
  const type = `kubernetes:${apiVersion.includes("/") ? apiVersion.replace("/", ":").replace(/^(.*):/, "$1/") : `core/${apiVersion}`}:${kind}`;
  return {
    type,
    name: `${namespace ?? "cluster"}-${name}`,
    urn: `urn:pulumi:s::p::${type}::${namespace ?? "cluster"}-${name}`,
    parent: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
    provider: "urn:pulumi:s::p::pulumi:providers:kubernetes::k::k-id",
    custom: true,
    dependencies: [],
    inputs: { kind, apiVersion, metadata: { name, ...(namespace && { namespace }) }, ...extra },
  };
}

const registrations: Registration[] = [
  {
    type: "pulumi:pulumi:Stack",
    name: "p-s",
    urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
    custom: false,
    dependencies: [],
    inputs: {},
  },
  object("Deployment", "web", "team-b", { spec: { replicas: 2, template: { z: [1, "two", { b: true, a: null }] } } }),
  object("ConfigMap", "settings", "team-b", { data: { token: SECRET("hunter2"), plain: "x" } }),
  object("Namespace", "team-b"),
  object("ServiceAccount", "web", "team-a"),
  object("CustomResourceDefinition", "widgets.example.com"),
  object("Namespace", "team-a"),
];

/** The definition resources.json had before it was streamed: canonical JSON of every redacted registration by URN. */
function reference(project: string, stack: string, regs: readonly Registration[]): string {
  const resources = [...regs].sort((a, b) => a.urn.localeCompare(b.urn)).map((r) => ({ ...r, inputs: redactSecrets(r.inputs) }));
  return canonicalJson({ project, stack, resources });
}

describe("resources.json", () => {
  it("streams exactly the canonical JSON of every redacted registration, one chunk per resource", () => {
    const chunks = [...resourcesJsonChunks("p", "s", registrations)];
    expect(chunks).toHaveLength(registrations.length + 2);
    expect(chunks.join("")).toBe(reference("p", "s", registrations));
    expect(resourcesJson("p", "s", registrations)).toBe(reference("p", "s", registrations));
    expect(chunks.join("")).not.toContain("hunter2");
    expect(JSON.parse(chunks.join("")).resources.map((r: Registration) => r.name)).toEqual(
      [...registrations]
        .map((r) => r.urn)
        .sort()
        .map((urn) => registrations.find((r) => r.urn === urn)!.name),
    );
  });

  it("matches the canonical JSON for no resources and for one", () => {
    expect(resourcesJson("p", "s", [])).toBe(reference("p", "s", []));
    expect(resourcesJson('proj "q"', "dev", registrations.slice(1, 2))).toBe(reference('proj "q"', "dev", registrations.slice(1, 2)));
  });

  it("renders a resource only when its chunk is read", () => {
    const poisoned = object("ConfigMap", "zz-last", "team-z");
    Object.defineProperty(poisoned, "inputs", {
      get: () => {
        throw new Error("read too early");
      },
    });
    const chunks = resourcesJsonChunks("p", "s", [registrations[1], poisoned]);
    expect(chunks.next().value).toBe('{\n  "project": "p",\n  "resources": [');
    expect(chunks.next().value).toContain('"name": "team-b-web"');
    expect(() => chunks.next()).toThrow("read too early");
  });
});

describe("manifests", () => {
  it("puts CRDs, cluster objects and each namespace in their own file, in apply order, secrets redacted", () => {
    const files = manifestFiles(registrations);
    expect(Object.keys(files)).toEqual(["crds/crds.yaml", "01-cluster.yaml", "10-team-a.yaml", "10-team-b.yaml"]);
    const docs = (name: string) => parseAllDocuments(files[name]).map((d) => d.toJS());
    expect(docs("01-cluster.yaml").map((o) => o.metadata.name)).toEqual(["team-a", "team-b"]);
    expect(docs("10-team-b.yaml").map((o) => o.kind)).toEqual(["ConfigMap", "Deployment"]);
    expect(docs("10-team-b.yaml")[0].data).toEqual({ plain: "x", token: "[secret]" });
    expect(files["10-team-b.yaml"]).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-b\ndata:\n  plain: x\n  token: "[secret]"\n---\n' +
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team-b\nspec:\n  replicas: 2\n  template:\n    z:\n      - 1\n      - two\n      - a: null\n        b: true\n",
    );
  });

  it("renders each object only when its document is read", () => {
    const poisoned = object("ConfigMap", "zz-last", "team-b", { data: { k: "v" } });
    let reads = 0;
    // Grouping reads only kind and metadata; `data` is read when the object's document is rendered.
    poisoned.inputs = new Proxy(poisoned.inputs, { get: (t, k) => (k === "data" && (reads += 1), Reflect.get(t, k)) });
    const files = manifestFileChunks([...registrations, poisoned]);
    expect(reads).toBe(0);
    const chunks = files["10-team-b.yaml"][Symbol.iterator]();
    expect(chunks.next().value).toContain("name: settings");
    expect(reads).toBe(0);
    expect(chunks.next().value).toContain("name: zz-last");
    expect(reads).toBeGreaterThan(0);
  });
});
