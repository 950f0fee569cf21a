import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import type { BuiltObject } from "../../../components/kubernetes/objects";
import { bindLateValues, registerDeferredObjects, registerObjects } from "../../../components/kubernetes/resources";
import { record, recordRejection } from "../../helpers/pulumi";

class Release extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Release", name, {});
  }
}

class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Parent", name, {});
  }
}

const namespace = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const configMap = (name: string, ns = "team") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns } });

describe("registerObjects", () => {
  it("makes every object wait for the resources in after, besides the roles it lists", async () => {
    const rec = await record(() => {
      const parent = new Parent("app");
      const release = new Release("release");
      registerObjects(
        "app",
        [
          { role: "namespace", object: namespace("team") },
          { role: "settings", object: configMap("settings"), dependsOn: ["namespace"] },
        ],
        parent,
        [release],
      );
    });
    const release = rec.named("release").urn;
    expect(rec.named("app-namespace").dependencies).toEqual([release]);
    expect(rec.named("app-settings").dependencies.sort()).toEqual([release, rec.named("app-namespace").urn].sort());
  });

  it("names children <name>-<role> under the parent, as typed resources, waiting for the roles they list", async () => {
    const objects: BuiltObject[] = [
      // Listed before the namespace it waits for: registered after it.
      { role: "settings", object: configMap("settings"), dependsOn: ["namespace"] },
      { role: "namespace", object: namespace("team") },
      { role: "crd-widgets", object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } } },
    ];
    const rec = await record(() => {
      registerObjects("app", objects, new Parent("app"));
    });
    const parent = rec.named("app").urn;
    // Registration order at the engine is asynchronous; the dependencies below carry the order.
    expect(
      rec.registrations
        .filter((r) => r.parent === parent)
        .map((r) => [r.name, r.type])
        .sort(),
    ).toEqual([
      ["app-crd-widgets", "kubernetes:example.com/v1:Widget"],
      ["app-namespace", "kubernetes:core/v1:Namespace"],
      ["app-settings", "kubernetes:core/v1:ConfigMap"],
    ]);
    expect(rec.named("app-settings").dependencies).toEqual([rec.named("app-namespace").urn]);
    expect(rec.named("app-namespace").dependencies).toEqual([]);
  });

  it("rejects lists with a repeated role, an unknown dependency or a cycle", async () => {
    const cases: [BuiltObject[], string][] = [
      [
        [
          { role: "a", object: namespace("a") },
          { role: "a", object: namespace("b") },
        ],
        'app: role "a" is built twice',
      ],
      [[{ role: "a", object: namespace("a"), dependsOn: ["b"] }], 'app: "a" depends on unknown roles b'],
      [
        [
          { role: "a", object: namespace("a"), dependsOn: ["b"] },
          { role: "b", object: namespace("b"), dependsOn: ["a"] },
        ],
        "app: dependency cycle among a, b",
      ],
    ];
    for (const [objects, message] of cases) {
      const { error } = await recordRejection(() => registerObjects("app", objects, new Parent("app")));
      expect((error as Error).message).toBe(message);
    }
  });
});

describe("registerDeferredObjects", () => {
  it("registers the shape's roles with fields from the later list, each depending on what that list depends on", async () => {
    const rec = await record(() => {
      const parent = new Parent("app");
      const ns = registerObjects("tenant", [{ role: "namespace", object: namespace("team") }], parent).get("namespace")!;
      const later = ns.urn.apply((): BuiltObject[] => [{ role: "settings", object: configMap("settings", "team") }]);
      registerDeferredObjects("app", [{ role: "settings", object: configMap("settings", "stand-in") }], later, parent);
    });
    const settings = rec.named("app-settings");
    expect(settings.type).toBe("kubernetes:core/v1:ConfigMap");
    expect(settings.inputs).toMatchObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "team" } });
    expect(settings.dependencies).toEqual([rec.named("tenant-namespace").urn]);
  });
});

describe("bindLateValues", () => {
  it("puts late-bound values into the fields that hold their placeholder, leaving the other fields and objects plain", async () => {
    const late = pulumi.output("ABC123");
    const objects: BuiltObject[] = [
      {
        role: "config",
        object: { ...configMap("gw"), data: { "c.yaml": "issuer: https://oidc.example/id/LATE-ID\n" } } as BuiltObject["object"],
      },
      { role: "namespace", object: namespace("team") },
    ];
    const bound = bindLateValues(objects, { "LATE-ID": late });
    expect(bound[1]).toBe(objects[1]);
    expect((bound[0].object as { metadata: unknown }).metadata).toEqual({ name: "gw", namespace: "team" });
    const rec = await record(() => {
      registerObjects("app", bound, new Parent("app"));
    });
    expect(rec.kind("ConfigMap")[0]).toMatchObject({ data: { "c.yaml": "issuer: https://oidc.example/id/ABC123\n" } });
  });

  it("returns the objects as they are when nothing is late-bound", () => {
    const objects: BuiltObject[] = [{ role: "namespace", object: namespace("team") }];
    expect(bindLateValues(objects)).toEqual(objects);
  });
});
