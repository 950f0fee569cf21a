import { describe, expect, it } from "vitest";
import { ANNOTATIONS } from "../../components/vocabulary";
import { annotated, PLAN_ANNOTATIONS, readAnnotation } from "../../cli/plan-annotations";

describe("the plan's copy of the annotation keys", () => {
  it("agrees with components/vocabulary.ts on each key it copies", () => {
    expect(Object.keys(PLAN_ANNOTATIONS).sort()).toEqual(["planFile", "planNote"]);
    expect(PLAN_ANNOTATIONS).toEqual({ planFile: ANNOTATIONS.planFile, planNote: ANNOTATIONS.planNote });
  });
});

describe("readAnnotation", () => {
  const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
  const key = "agentcloud.dev/plan-note";

  it("reads the value, or says the annotation is absent", () => {
    expect(readAnnotation({ metadata: { annotations: { [key]: "n", other: "o" } } }, key)).toEqual({ kind: "value", value: "n" });
    expect(readAnnotation({ metadata: { annotations: { [key]: 3 } } }, key)).toEqual({ kind: "value", value: 3 });
    expect(readAnnotation({ metadata: { annotations: { other: "o" } } }, key)).toEqual({ kind: "absent" });
    expect(readAnnotation({ metadata: { annotations: "odd" } }, key)).toEqual({ kind: "absent" });
    expect(readAnnotation({ metadata: { name: "x" } }, key)).toEqual({ kind: "absent" });
    expect(readAnnotation({ metadata: null }, key)).toEqual({ kind: "absent" });
    expect(readAnnotation({}, key)).toEqual({ kind: "absent" });
  });

  it("never shows a value held in a secret: the whole metadata, the annotations or the value", () => {
    const secretKind = { kind: "secret" };
    expect(readAnnotation({ metadata: secret({ annotations: { [key]: "n" } }) }, key)).toEqual(secretKind);
    expect(readAnnotation({ metadata: { annotations: secret({ [key]: "n" }) } }, key)).toEqual(secretKind);
    expect(readAnnotation({ metadata: { annotations: { [key]: secret("n") } } }, key)).toEqual(secretKind);
    expect(readAnnotation({ metadata: { annotations: { [key]: { a: [secret(1)] } } } }, key)).toEqual(secretKind);
    expect(readAnnotation({ metadata: secret({ annotations: { other: "o" } }) }, key)).toEqual({ kind: "absent" });
  });
});

describe("annotated", () => {
  it("gives the resources carrying the annotation, secret ones included, sorted by URN", () => {
    const key = "agentcloud.dev/plan-file";
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s.md" };
    const r = (urn: string, annotations?: Record<string, unknown>) => ({ urn, inputs: { metadata: { annotations } } });
    const found = annotated([r("urn:c", { [key]: "c.md" }), r("urn:a", { [key]: secret }), r("urn:b", { other: "x" }), r("urn:d")], key);
    expect(found.map((f) => [f.registration.urn, f.annotation])).toEqual([
      ["urn:a", { kind: "secret" }],
      ["urn:c", { kind: "value", value: "c.md" }],
    ]);
  });
});
