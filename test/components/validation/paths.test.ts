import { describe, expect, it } from "vitest";
import { checkMountPath, formatProblem, isSameOrBelow } from "../../../components/validation";

const MOUNTED = [
  { path: "/tmp", holds: "scratch" },
  { path: "/var/run/secrets/agentcloud", holds: "the token" },
];

describe("isSameOrBelow", () => {
  it("compares whole segments", () => {
    expect(isSameOrBelow("/tmp", "/tmp")).toBe(true);
    expect(isSameOrBelow("/tmp/x", "/tmp")).toBe(true);
    expect(isSameOrBelow("/tmpfs", "/tmp")).toBe(false);
    expect(isSameOrBelow("/tmp", "/tmp/x")).toBe(false);
    expect(isSameOrBelow("/anything", "/")).toBe(true);
  });
});

describe("checkMountPath", () => {
  it("accepts paths clear of the other mounts", () => {
    for (const good of ["/data", "/tmpfs", "/var/lib/agent", "/var/run/secrets/other", "/var/run/secrets/agentcloudx"]) {
      expect(checkMountPath("storage.mountPath", good, MOUNTED, "/data"), good).toEqual([]);
    }
  });

  it("rejects a path at, below or above another mount, naming it", () => {
    expect(
      [
        ...checkMountPath("storage.mountPath", "/tmp", MOUNTED, "/data"),
        ...checkMountPath("storage.mountPath", "/tmp/cache", MOUNTED, "/data"),
        ...checkMountPath("storage.mountPath", "/var/run/secrets", MOUNTED, "/data"),
        ...checkMountPath("storage.mountPath", "/var/run/secrets/agentcloud/x", MOUNTED, "/data"),
      ].map(formatProblem),
    ).toEqual([
      'storage.mountPath: collides with /tmp, where scratch is mounted (got "/tmp"); fix: use a path outside /tmp, like "/data"',
      'storage.mountPath: collides with /tmp, where scratch is mounted (got "/tmp/cache"); fix: use a path outside /tmp, like "/data"',
      'storage.mountPath: collides with /var/run/secrets/agentcloud, where the token is mounted (got "/var/run/secrets"); fix: use a path outside /var/run/secrets/agentcloud, like "/data"',
      'storage.mountPath: collides with /var/run/secrets/agentcloud, where the token is mounted (got "/var/run/secrets/agentcloud/x"); fix: use a path outside /var/run/secrets/agentcloud, like "/data"',
    ]);
    expect(checkMountPath("m", "/", MOUNTED, "/data").map((p) => p.problem)).toEqual([
      "collides with /tmp, where scratch is mounted",
      "collides with /var/run/secrets/agentcloud, where the token is mounted",
    ]);
  });

  it("rejects relative and unnormalised paths, which could reach the same places", () => {
    expect(
      [
        ...checkMountPath("m", "data", MOUNTED, "/data"),
        ...checkMountPath("m", 5, MOUNTED, "/data"),
        ...checkMountPath("m", "/tmp/", MOUNTED, "/data"),
        ...checkMountPath("m", "//tmp", MOUNTED, "/data"),
        ...checkMountPath("m", "/data/../tmp", MOUNTED, "/data"),
        ...checkMountPath("m", "/./tmp", MOUNTED, "/data"),
      ].map(formatProblem),
    ).toEqual([
      'm: must be an absolute path (got "data"); fix: use a path like "/data"',
      'm: must be an absolute path (got 5); fix: use a path like "/data"',
      `m: must be a normalised path (no '.', '..', '//' or trailing '/') (got "/tmp/"); fix: use a path like "/data"`,
      `m: must be a normalised path (no '.', '..', '//' or trailing '/') (got "//tmp"); fix: use a path like "/data"`,
      `m: must be a normalised path (no '.', '..', '//' or trailing '/') (got "/data/../tmp"); fix: use a path like "/data"`,
      `m: must be a normalised path (no '.', '..', '//' or trailing '/') (got "/./tmp"); fix: use a path like "/data"`,
    ]);
  });
});
