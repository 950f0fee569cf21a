import { describe, expect, it } from "vitest";
import { checkTolerations, formatProblem } from "../../../components/validation";

describe("checkTolerations", () => {
  it("accepts what the API server accepts", () => {
    expect(
      checkTolerations("t", [
        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        { key: "pool", operator: "Equal", value: "gpu", effect: "PreferNoSchedule" },
        { key: "pool", value: "gpu" },
        { operator: "Exists" },
        { key: "", operator: "Exists", value: "" },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "pool", effect: "" },
      ]),
    ).toEqual([]);
  });

  it("reports each wrong field with its index, value and fix", () => {
    expect(
      checkTolerations("platform.gpu.tolerations", [
        { key: "bad key!", operator: "Exists" },
        { operator: "Equal", value: "x" },
        { key: "k", operator: "Exists", value: "v" },
        { key: "k", operator: "In" },
        { key: "k", value: "has space" },
        { key: "k", effect: "NoRun" },
        { key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 5 },
        { key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 1.5 },
        "k=v",
        null,
      ]).map(formatProblem),
    ).toEqual([
      `platform.gpu.tolerations[0].key: is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.') (got "bad key!"); fix: use a key like "example.com/pool"`,
      "platform.gpu.tolerations[1].key: may be empty only with operator Exists (got undefined); fix: name the taint key, or set operator to Exists",
      'platform.gpu.tolerations[2].value: must be empty with operator Exists (got "v"); fix: drop the value, or set operator to Equal',
      'platform.gpu.tolerations[3].operator: must be one of "Equal", "Exists" (got "In"); fix: set platform.gpu.tolerations[3].operator to one of those',
      `platform.gpu.tolerations[4].value: must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit) (got "has space"); fix: use a value like "platform-team" (no spaces, '@' or '/')`,
      'platform.gpu.tolerations[5].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute" (got "NoRun"); fix: set platform.gpu.tolerations[5].effect to one of those',
      "platform.gpu.tolerations[6].tolerationSeconds: is only allowed as a whole number with effect NoExecute (got 5); fix: drop tolerationSeconds, or set effect to NoExecute",
      "platform.gpu.tolerations[7].tolerationSeconds: is only allowed as a whole number with effect NoExecute (got 1.5); fix: drop tolerationSeconds, or set effect to NoExecute",
      'platform.gpu.tolerations[8]: must be a toleration object (got "k=v"); fix: give key, operator, value and effect',
      "platform.gpu.tolerations[9]: must be a toleration object (got null); fix: give key, operator, value and effect",
    ]);
    expect(checkTolerations("t", [{ key: "", value: "v" }]).map((p) => p.argument)).toEqual(["t[0].key"]);
  });

  it("rejects a non-list", () => {
    expect(checkTolerations("t", { key: "k" }).map(formatProblem)).toEqual([
      `t: must be a list of tolerations (got {"key":"k"}); fix: use a list like [{"key": "example.com/pool", "operator": "Exists", "effect": "NoSchedule"}]`,
    ]);
  });
});
