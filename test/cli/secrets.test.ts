import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../cli/mock-runtime";
import { manifestFiles, resourcesJson } from "../../cli/plan-files";
import { evaluatePolicies } from "../../cli/policy-harness";

describe("secrets in the plan", () => {
  it("never reach plan files, while policies see values as the engine hands them", async () => {
    const { registrations } = await runUnderMocks(
      { project: "p", stack: "s", config: { "agentcloud:token": "hunter2" }, secretKeys: ["agentcloud:token"] },
      () => {
        new k8s.core.v1.ConfigMap("cm", { metadata: { name: "cm" }, data: { token: new pulumi.Config("agentcloud").requireSecret("token") } });
      },
    );
    const files = [resourcesJson("p", "s", registrations), ...Object.values(manifestFiles(registrations))].join("\n");
    expect(files).not.toContain("hunter2");
    expect(files).toContain("[secret]");

    const seen: unknown[] = [];
    const probe: ResourceValidationPolicy = {
      name: "test-probe", description: "d",
      validateResource: (args) => {
        if (args.type === "kubernetes:core/v1:ConfigMap") seen.push(args.props.data);
      },
    };
    await evaluatePolicies([probe], registrations);
    expect(seen).toEqual([{ token: "hunter2" }]);
  });
});
