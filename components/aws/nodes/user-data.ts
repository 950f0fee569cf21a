import { stringify } from "yaml";
import type { ResolvedGpuPool } from "../../kubernetes/gpu-sharing/resolve";

// User data of agentcloud's node pools (pure: plain strings in, text out; the launch template base64-encodes it).

/** SHA-512 digests (128 hex digits) of the two gVisor binaries, pinned in the user data. */
export interface GvisorDigests {
  /** Of `runsc`. */
  runsc: string;
  /** Of `containerd-shim-runsc-v1`. */
  containerdShim: string;
}

/** The gVisor release downloaded unless told otherwise (tag `release-20260921.0` of google/gvisor). */
export const DEFAULT_GVISOR_RELEASE = "20260921.0";
/** Where gVisor releases are published (gvisor.dev/docs/user_guide/install, "Install from a specific release"). */
export const GVISOR_RELEASES_URL = "https://storage.googleapis.com/gvisor/releases/release";

/**
 * Bottlerocket settings (TOML) that time-slice a pool's GPUs with Bottlerocket's own NVIDIA device plugin:
 * `settings.kubelet-device-plugins.nvidia.device-sharing-strategy = "time-slicing"` and its `time-slicing.replicas`,
 * `rename-by-default` and `fail-requests-greater-than-one` (bottlerocket.dev/en/os/1.54.x/api/settings/kubelet-device-plugins,
 * "NVIDIA Time-Slicing"). EKS merges a managed node group's TOML user data with its own settings. Empty for `replicas` 1.
 */
export function bottlerocketGpuUserData(pool: Pick<ResolvedGpuPool, "replicas" | "renameByDefault">): string {
  if (pool.replicas <= 1) return "";
  return [
    "[settings.kubelet-device-plugins.nvidia]",
    `device-sharing-strategy = "time-slicing"`,
    "",
    "[settings.kubelet-device-plugins.nvidia.time-slicing]",
    `replicas = ${pool.replicas}`,
    `rename-by-default = ${pool.renameByDefault}`,
    "fail-requests-greater-than-one = true",
    "",
  ].join("\n");
}

/** The containerd config (TOML) nodeadm merges into its own: the `runsc` handler of the `gvisor` RuntimeClass. */
export function runscContainerdConfig(version: 2 | 3): string {
  // containerd 2.x (config version 3) moved the CRI runtimes to io.containerd.cri.v1.runtime; nodeadm picks the
  // template by the AMI's containerd and merges NodeConfig.spec.containerd.config into it key by key
  // (amazon-eks-ami nodeadm/internal/containerd/config.go), so the handler must use the same version's keys.
  const plugin = version === 3 ? `plugins."io.containerd.cri.v1.runtime"` : `plugins."io.containerd.grpc.v1.cri"`;
  return `[${plugin}.containerd.runtimes.runsc]\nruntime_type = "io.containerd.runsc.v1"\n`;
}

/** Where and how the gVisor binaries are fetched. */
export interface GvisorDownload {
  /** Release name (`YYYYMMDD[.N]`). */
  release: string;
  /** Base URL of the releases. */
  baseUrl: string;
  /** Pinned digests, or undefined to check against the release's published `.sha512` files. */
  sha512?: GvisorDigests;
}

/** The gVisor binaries, in the order they are fetched. */
const GVISOR_BINARIES = ["runsc", "containerd-shim-runsc-v1"] as const;

/**
 * A boot script that downloads `runsc` and `containerd-shim-runsc-v1` of a pinned release (x86_64), checks their
 * SHA-512 (pinned digests, else the release's `.sha512` files, as gvisor.dev/docs/user_guide/install does) and
 * installs them in /usr/local/bin. Any failure stops the script (`set -euo pipefail`) before anything is installed.
 */
export function gvisorInstallScript(d: GvisorDownload = { release: DEFAULT_GVISOR_RELEASE, baseUrl: GVISOR_RELEASES_URL }): string {
  const fetch = (file: string) => `curl -fsSL --proto '=https' --retry 5 -o ${file} "$URL/${file}"`;
  const check = d.sha512
    ? ["sha512sum -c - <<'DIGESTS'", `${d.sha512.runsc}  runsc`, `${d.sha512.containerdShim}  containerd-shim-runsc-v1`, "DIGESTS"]
    : [...GVISOR_BINARIES.map((b) => fetch(`${b}.sha512`)), "sha512sum -c runsc.sha512 -c containerd-shim-runsc-v1.sha512"];
  return [
    "#!/bin/bash",
    `# gVisor ${d.release}: runsc and its containerd shim, checked, before nodeadm-run starts containerd and kubelet`,
    "# (nodeadm-run.service runs after cloud-final.service, which runs this script).",
    "set -euo pipefail",
    `URL="${d.baseUrl}/${d.release}/x86_64"`,
    `DIR="$(mktemp -d)"`,
    `cd "$DIR"`,
    ...GVISOR_BINARIES.map(fetch),
    ...check,
    "install -m 0755 runsc containerd-shim-runsc-v1 /usr/local/bin/",
    `rm -rf "$DIR"`,
    "",
  ].join("\n");
}

/** The cluster as nodeadm needs it on a custom AMI, resolved to strings. */
export interface NodeadmClusterValues {
  /** Cluster name. */
  name: string;
  /** API server URL. */
  apiServerEndpoint: string;
  /** CA bundle, base64. */
  certificateAuthority: string;
  /** Service CIDR. */
  cidr: string;
}

/** What a gVisor node's user data holds. */
export interface GvisorUserDataOptions {
  /** containerd config version of the AMI. */
  containerdConfigVersion: 2 | 3;
  /** The download, or undefined on a custom AMI that has gVisor. */
  download?: GvisorDownload;
  /** On a custom AMI: the cluster, and the node's labels and taints as kubelet flags (EKS bootstraps nothing there). */
  customAmi?: {
    /** The cluster. */
    cluster: NodeadmClusterValues;
    /** Node labels. */
    labels: Record<string, string>;
    /** Taints as `key=value:Effect`. */
    taints: string[];
  };
}

/** MIME boundary of the user data. */
export const MIME_BOUNDARY = "AGENTCLOUD";

/**
 * A gVisor node's user data: a MIME multi-part document (what EKS merges its own bootstrap into on its AMIs) with the
 * install script (unless the AMI has gVisor) and a nodeadm `NodeConfig` (`node.eks.aws/v1alpha1`) whose
 * `spec.containerd.config` registers the `runsc` handler; on a custom AMI the NodeConfig also names the cluster and
 * sets the node's labels and taints (amazon-eks-ami nodeadm docs, "Examples": multi-part NodeConfig objects are merged).
 */
export function gvisorUserData(o: GvisorUserDataOptions): string {
  const spec: Record<string, unknown> = {};
  if (o.customAmi) {
    spec.cluster = { ...o.customAmi.cluster };
    const labels = Object.entries(o.customAmi.labels).map(([k, v]) => `${k}=${v}`);
    spec.kubelet = {
      flags: [
        `--node-labels=${labels.join(",")}`,
        ...(o.customAmi.taints.length > 0 ? [`--register-with-taints=${o.customAmi.taints.join(",")}`] : []),
      ],
    };
  }
  spec.containerd = { config: runscContainerdConfig(o.containerdConfigVersion) };
  const nodeConfig = stringify({ apiVersion: "node.eks.aws/v1alpha1", kind: "NodeConfig", spec });
  const parts = [
    ...(o.download ? [`Content-Type: text/x-shellscript; charset="us-ascii"\n\n${gvisorInstallScript(o.download)}`] : []),
    `Content-Type: application/node.eks.aws\n\n---\n${nodeConfig}`,
  ];
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`,
    "",
    ...parts.map((p) => `--${MIME_BOUNDARY}\n${p}`),
    `--${MIME_BOUNDARY}--`,
    "",
  ].join("\n");
}
