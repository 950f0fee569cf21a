import { describe, expect, it } from "vitest";
import { eksControlPlaneLogs } from "../../../policies/aws/eks-control-plane-logs";
import { messages, violations } from "../helpers";
import { cluster, compliantAws } from "./objects";

const ALL = '"api", "audit", "authenticator", "controllerManager", "scheduler"';

describe("agentcloud-aws-eks-control-plane-logs", () => {
  it("passes all five log types", async () => {
    expect(await messages(eksControlPlaneLogs, compliantAws())).toEqual([]);
  });

  it("names the missing log types: all of them when unset, one when one is missing", async () => {
    expect(await messages(eksControlPlaneLogs, [cluster((i) => delete i.enabledClusterLogTypes)])).toEqual([
      `EKS cluster "aws-cluster" does not enable control-plane log types ${ALL} in enabledClusterLogTypes; enable all five: ${ALL}.`,
    ]);
    const noAudit = cluster((i) => (i.enabledClusterLogTypes = ["api", "authenticator", "controllerManager", "scheduler", "Audit"]));
    expect(await messages(eksControlPlaneLogs, [noAudit])).toEqual([
      `EKS cluster "aws-cluster" does not enable control-plane log type "audit" in enabledClusterLogTypes; enable all five: ${ALL}.`,
    ]);
    const [v] = await violations([eksControlPlaneLogs], [noAudit]);
    expect([v.enforcementLevel, v.severity]).toEqual(["mandatory", "medium"]);
  });
});
