import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../../../components/validation";
import { buildPriorityClasses, PriorityClasses, validatePriorityClassesSpec } from "../../../../components/kubernetes/priority-classes";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";

describe("buildPriorityClasses", () => {
  it("renders one schema-valid class per intent; only batch never preempts", async () => {
    const classes = buildPriorityClasses().map((o) => o.object);
    expect(classes.map((c) => [c.metadata?.name, c.value, c.preemptionPolicy])).toEqual([
      ["agentcloud-critical", 100000, "PreemptLowerPriority"],
      ["agentcloud-standard", 10000, "PreemptLowerPriority"],
      ["agentcloud-batch", 1000, "Never"],
    ]);
    expect(classes.every((c) => c.globalDefault === false)).toBe(true);
    expect(await invalidObjects(classes)).toEqual([]);
  });

  it("rejects values out of range or out of order, naming each", () => {
    expect(validatePriorityClassesSpec({ values: { critical: 2_000_000_000, batch: 1.5 } }).map((p) => p.argument)).toEqual([
      "values.critical",
      "values.batch",
    ]);
    expect(validatePriorityClassesSpec({ values: { standard: 1 } })).toEqual([
      expect.objectContaining({ argument: "values", problem: "must order critical > standard > batch" }),
    ]);
  });
});

describe("PriorityClasses", () => {
  it("registers typed PriorityClasses under the component with the given provider", async () => {
    const rec = await record(() => {
      const provider = new k8s.Provider("cluster", {});
      new PriorityClasses("prio", {}, { provider });
    });
    const component = rec.named("prio");
    expect(component.type).toBe("agentcloud:kubernetes:PriorityClasses");
    const classes = rec.ofType("kubernetes:scheduling.k8s.io/v1:PriorityClass");
    expect(classes.map((c) => c.name).sort()).toEqual(["prio-batch", "prio-critical", "prio-standard"]);
    for (const c of classes) {
      expect(c.parent).toBe(component.urn);
      expect(c.provider).toMatch(/pulumi:providers:kubernetes::cluster::cluster-id$/);
    }
  });

  it("throws before registering anything when arguments are invalid", async () => {
    const { error, rec } = await recordRejection(() => new PriorityClasses("prio", { values: { batch: 999_999_999 } }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      'PriorityClasses "prio" has 1 invalid argument:\n  - values: must order critical > standard > batch (got {"critical":100000,"standard":10000,"batch":999999999}); fix: choose values so that critical is highest and batch lowest',
    );
    expect(rec.registrations).toEqual([]);
  });
});
