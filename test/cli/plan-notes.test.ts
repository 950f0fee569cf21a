import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks, type Registration } from "../../cli/mock-runtime";
import { normalizeNote, noteSummaryLines, PLAN_NOTE_MAX, planNotes } from "../../cli/plan-notes";

const KEY = "agentcloud.dev/plan-note";

function reg(type: string, name: string, note: unknown): Registration {
  const inputs = { metadata: { name, annotations: { [KEY]: note } } };
  return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, custom: true, dependencies: [], inputs };
}

describe("normalizeNote", () => {
  it("makes one trimmed line: whitespace runs and control characters become one space", () => {
    expect(normalizeNote("  Network:\n\tCilium   1.20.0\r\n")).toBe("Network: Cilium 1.20.0");
    expect(normalizeNote("red \u001b[31malert\u0007\u0000 \u009b end")).toBe("red [31malert end");
    expect(normalizeNote(" \n\t ")).toBe("");
  });

  it(`cuts notes longer than ${PLAN_NOTE_MAX} characters, ending with "...", never inside a character`, () => {
    expect(PLAN_NOTE_MAX).toBe(500);
    expect(normalizeNote("a".repeat(500))).toBe("a".repeat(500));
    expect(normalizeNote("a".repeat(501))).toBe(`${"a".repeat(497)}...`);
    expect(normalizeNote(`${"a".repeat(496)} bcdef`)).toBe(`${"a".repeat(496)}...`);
    const emoji = "\u{1F512}".repeat(501);
    expect(normalizeNote(emoji)).toBe(`${"\u{1F512}".repeat(497)}...`);
  });
});

describe("planNotes", () => {
  it("collects every resource's note in URN order, normalized, each once, skipping blank and non-string ones", () => {
    const notes = planNotes([
      reg("kubernetes:core/v1:Namespace", "z", "Network: Cilium 1.20.0 installed by agentcloud"),
      reg("kubernetes:core/v1:ConfigMap", "b", "Identity:  projected\n tokens"),
      reg("kubernetes:core/v1:Namespace", "a", "Network: Cilium 1.20.0 installed by agentcloud "),
      reg("kubernetes:core/v1:ConfigMap", "c", "   "),
      reg("kubernetes:core/v1:ConfigMap", "d", 42),
      {
        type: "pulumi:pulumi:Stack",
        name: "p-s",
        urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
        custom: false,
        dependencies: [],
        inputs: {},
      },
      { type: "kubernetes:core/v1:ConfigMap", name: "m", urn: "urn:m", custom: true, dependencies: [], inputs: { metadata: "odd" } },
    ]);
    expect(notes).toEqual(["Identity: projected tokens", "Network: Cilium 1.20.0 installed by agentcloud"]);
  });

  it("shows a secret note as [secret], as every plan output does", async () => {
    const { registrations } = await runUnderMocks({ project: "p", stack: "s" }, () => {
      new k8s.core.v1.Namespace("ns", { metadata: { annotations: { [KEY]: pulumi.secret("hunter2") } } });
      new k8s.core.v1.ConfigMap("cm", { metadata: { annotations: pulumi.secret({ [KEY]: "hunter3" }) } });
      new k8s.core.v1.ConfigMap("plain", { metadata: { annotations: { [KEY]: "Encryption: WireGuard between nodes" } } });
    });
    expect(planNotes(registrations)).toEqual(["[secret]", "Encryption: WireGuard between nodes"]);
  });
});

describe("noteSummaryLines", () => {
  it("is a Notes section after a blank line, one indented line per note, and nothing without notes", () => {
    expect(noteSummaryLines(["a", "b"])).toEqual(["", "Notes:", "  a", "  b"]);
    expect(noteSummaryLines([])).toEqual([]);
  });
});
