import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  bottlerocketGpuUserData,
  gvisorInstallScript,
  gvisorUserData,
  runscContainerdConfig,
} from "../../../../components/aws/nodes/user-data";

const A = "a".repeat(128);
const B = "b".repeat(128);

/** The parts of a MIME multi-part document with agentcloud's boundary: [content type, body]. */
function mimeParts(text: string): [string, string][] {
  expect(text.startsWith(`MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="AGENTCLOUD"\n\n--AGENTCLOUD\n`)).toBe(true);
  expect(text.endsWith("\n--AGENTCLOUD--\n")).toBe(true);
  const body = text.slice(text.indexOf("--AGENTCLOUD\n"), text.lastIndexOf("--AGENTCLOUD--"));
  return body
    .split("--AGENTCLOUD\n")
    .filter((p) => p !== "")
    .map((p) => {
      const [head, ...rest] = p.split("\n\n");
      return [head.replace(/^Content-Type: /, ""), rest.join("\n\n")];
    });
}

describe("bottlerocketGpuUserData", () => {
  it("time-slices through Bottlerocket's device-plugin settings", () => {
    expect(bottlerocketGpuUserData({ replicas: 4, renameByDefault: false })).toBe(
      [
        "[settings.kubelet-device-plugins.nvidia]",
        `device-sharing-strategy = "time-slicing"`,
        "",
        "[settings.kubelet-device-plugins.nvidia.time-slicing]",
        "replicas = 4",
        "rename-by-default = false",
        "fail-requests-greater-than-one = true",
        "",
      ].join("\n"),
    );
    expect(bottlerocketGpuUserData({ replicas: 2, renameByDefault: true })).toContain("rename-by-default = true\n");
  });

  it("is empty when nothing is shared", () => {
    expect(bottlerocketGpuUserData({ replicas: 1, renameByDefault: false })).toBe("");
  });
});

describe("runscContainerdConfig", () => {
  it("registers the runsc handler under containerd 2's CRI runtime plugin, or 1.7's", () => {
    expect(runscContainerdConfig(3)).toBe(
      `[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runsc]\nruntime_type = "io.containerd.runsc.v1"\n`,
    );
    expect(runscContainerdConfig(2)).toBe(
      `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]\nruntime_type = "io.containerd.runsc.v1"\n`,
    );
  });
});

describe("gvisorInstallScript", () => {
  it("downloads both binaries of the release and checks them against the published .sha512 files", () => {
    expect(gvisorInstallScript({ release: "20260921.0", baseUrl: "https://storage.googleapis.com/gvisor/releases/release" })).toBe(
      [
        "#!/bin/bash",
        "# gVisor 20260921.0: runsc and its containerd shim, checked, before nodeadm-run starts containerd and kubelet",
        "# (nodeadm-run.service runs after cloud-final.service, which runs this script).",
        "set -euo pipefail",
        `URL="https://storage.googleapis.com/gvisor/releases/release/20260921.0/x86_64"`,
        `DIR="$(mktemp -d)"`,
        `cd "$DIR"`,
        `curl -fsSL --proto '=https' --retry 5 -o runsc "$URL/runsc"`,
        `curl -fsSL --proto '=https' --retry 5 -o containerd-shim-runsc-v1 "$URL/containerd-shim-runsc-v1"`,
        `curl -fsSL --proto '=https' --retry 5 -o runsc.sha512 "$URL/runsc.sha512"`,
        `curl -fsSL --proto '=https' --retry 5 -o containerd-shim-runsc-v1.sha512 "$URL/containerd-shim-runsc-v1.sha512"`,
        "sha512sum -c runsc.sha512 -c containerd-shim-runsc-v1.sha512",
        "install -m 0755 runsc containerd-shim-runsc-v1 /usr/local/bin/",
        `rm -rf "$DIR"`,
        "",
      ].join("\n"),
    );
  });

  it("checks pinned digests instead, fetching no .sha512 file", () => {
    const script = gvisorInstallScript({
      release: "20260810.0",
      baseUrl: "https://mirror.example.com/gvisor",
      sha512: { runsc: A, containerdShim: B },
    });
    expect(script).toContain(`URL="https://mirror.example.com/gvisor/20260810.0/x86_64"\n`);
    expect(script).toContain(`sha512sum -c - <<'DIGESTS'\n${A}  runsc\n${B}  containerd-shim-runsc-v1\nDIGESTS\ninstall -m 0755`);
    expect(script).not.toContain(".sha512");
  });
});

describe("gvisorUserData", () => {
  it("is a MIME document with the install script, then a NodeConfig registering runsc", () => {
    const parts = mimeParts(
      gvisorUserData({
        containerdConfigVersion: 3,
        download: { release: "20260921.0", baseUrl: "https://storage.googleapis.com/gvisor/releases/release" },
      }),
    );
    expect(parts.map(([type]) => type)).toEqual([`text/x-shellscript; charset="us-ascii"`, "application/node.eks.aws"]);
    expect(parts[0][1].startsWith("#!/bin/bash\n")).toBe(true);
    expect(parse(parts[1][1])).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: { containerd: { config: runscContainerdConfig(3) } },
    });
  });

  it("on a custom AMI: no download; the NodeConfig names the cluster and sets labels and taints on the kubelet", () => {
    const parts = mimeParts(
      gvisorUserData({
        containerdConfigVersion: 2,
        customAmi: {
          cluster: { name: "c", apiServerEndpoint: "https://api.example.com", certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
          labels: { "agentcloud.dev/sandbox": "gvisor" },
          taints: ["agentcloud.dev/sandbox=gvisor:NoSchedule"],
        },
      }),
    );
    expect(parts.map(([type]) => type)).toEqual(["application/node.eks.aws"]);
    expect(parse(parts[0][1])).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: {
        cluster: { name: "c", apiServerEndpoint: "https://api.example.com", certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
        kubelet: {
          flags: ["--node-labels=agentcloud.dev/sandbox=gvisor", "--register-with-taints=agentcloud.dev/sandbox=gvisor:NoSchedule"],
        },
        containerd: { config: runscContainerdConfig(2) },
      },
    });
  });
});
