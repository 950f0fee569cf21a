import { describe, expect, it } from "vitest";
import { CAPABILITY, OBJECT_NAME, shown, shownIfKnown, SYSCTL } from "../../../policies/lib/messages";
import { REMOVED_APIS } from "../../../policies/lib/removed-apis";

describe("message values", () => {
  it("shows only identifier-shaped values, anchored at both ends", () => {
    expect(
      ["SYS_ADMIN", "NET_RAW", "sys_admin", "xSYS_ADMIN", "SYS_ADMIN x", "A".repeat(41), "A".repeat(42), ""].map((v) => CAPABILITY.test(v)),
    ).toEqual([true, true, false, false, false, true, false, false]);
    expect(
      ["gvisor", "kata-qemu", "a.b", "a", "-a", "a-", "Gvisor", "a b", `a${"b".repeat(252)}`, `a${"b".repeat(253)}`].map((v) =>
        OBJECT_NAME.test(v),
      ),
    ).toEqual([true, true, true, true, false, false, false, false, true, false]);
    expect(
      ["kernel.msgmax", "net.ipv4.conf.eth0/1.forwarding", "kernel", "Kernel.x", "kernel.x y", ".kernel"].map((v) => SYSCTL.test(v)),
    ).toEqual([true, true, true, false, false, false]);
    expect([shown("gvisor", OBJECT_NAME, "?"), shown("Bearer x", OBJECT_NAME, "?"), shown(3, OBJECT_NAME, "?")]).toEqual([
      '"gvisor"',
      "?",
      "?",
    ]);
    expect([
      shownIfKnown("Unconfined", ["Unconfined"], "?"),
      shownIfKnown("secret", ["Unconfined"], "?"),
      shownIfKnown(1, ["1"], "?"),
    ]).toEqual(['"Unconfined"', "?", "?"]);
  });
});

describe("the removed API table", () => {
  it("names for every entry the release that removed it and a different version to use", () => {
    for (const [apiVersion, kinds] of Object.entries(REMOVED_APIS)) {
      expect(apiVersion).toMatch(/^[a-z0-9.-]+\/v\d+(alpha|beta)\d+$/);
      for (const [kind, [removedIn, use]] of Object.entries(kinds)) {
        expect({ apiVersion, kind, removedIn }).toEqual({
          apiVersion,
          kind,
          removedIn: expect.stringMatching(/^1\.(1[6-9]|2\d|3[0-2])$/) as unknown,
        });
        expect({
          apiVersion,
          kind,
          use: use === "Pod Security Admission" || (/^[a-z0-9.-]+\/v\d+$/.test(use) && use !== apiVersion),
        }).toEqual({ apiVersion, kind, use: true });
      }
    }
  });
});
