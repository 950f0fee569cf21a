import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EksSandboxNodePool } from "../../../../components/aws/nodes/sandbox-pool";
import { runscContainerdConfig } from "../../../../components/aws/nodes/user-data";
import {
  DEFAULT_GVISOR_SCHEDULING,
  DEFAULT_KATA_DEPLOY_NODE_SELECTOR,
  DEFAULT_KATA_SCHEDULING,
} from "../../../../components/kubernetes/sandbox-runtimes/spec";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";

const BASE = { clusterName: "agents", subnetIds: ["subnet-a"] };

/** A NodeGroup taint as the pod toleration that matches it exactly. */
function asToleration(t: { key: string; value: string; effect: string }) {
  const effect = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" }[t.effect];
  return { key: t.key, operator: "Equal", value: t.value, effect };
}

/** The user data's MIME parts: [content type, body]. */
function parts(base64: string): [string, string][] {
  const text = Buffer.from(base64, "base64").toString("utf8");
  return text
    .slice(text.indexOf("--AGENTCLOUD\n"), text.lastIndexOf("--AGENTCLOUD--"))
    .split("--AGENTCLOUD\n")
    .filter((p) => p !== "")
    .map((p) => {
      const [head, ...rest] = p.split("\n\n");
      return [head.replace(/^Content-Type: /, ""), rest.join("\n\n")];
    });
}

describe("EksSandboxNodePool", () => {
  it("gVisor: AL2023 nodes labelled and tainted as SandboxRuntimes schedules gVisor, installing the pinned release at boot", async () => {
    let pool: EksSandboxNodePool | undefined;
    const rec = await record(() => {
      pool = new EksSandboxNodePool("gvisor", { ...BASE, runtime: "gvisor" });
    });
    expect(rec.named("gvisor").type).toBe("agentcloud:aws:EksSandboxNodePool");
    const ng = rec.named("gvisor-node-group").inputs;
    expect(ng.amiType).toBe("AL2023_x86_64_STANDARD");
    expect(ng.instanceTypes).toEqual(["m7i.large"]);
    expect(ng.labels).toEqual(DEFAULT_GVISOR_SCHEDULING.nodeSelector);
    expect((ng.taints as { key: string; value: string; effect: string }[]).map(asToleration)).toEqual(
      DEFAULT_GVISOR_SCHEDULING.tolerations,
    );
    const lt = rec.named("gvisor-launch-template").inputs;
    expect(lt.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(lt.imageId).toBeUndefined();
    expect(lt.cpuOptions).toBeUndefined();
    const [script, nodeConfig] = parts(lt.userData as string);
    expect(script[0]).toBe(`text/x-shellscript; charset="us-ascii"`);
    expect(script[1]).toContain(`URL="https://storage.googleapis.com/gvisor/releases/release/20260921.0/x86_64"\n`);
    expect(script[1]).toContain("sha512sum -c runsc.sha512 -c containerd-shim-runsc-v1.sha512\n");
    expect(nodeConfig[0]).toBe("application/node.eks.aws");
    expect(parse(nodeConfig[1])).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: { containerd: { config: runscContainerdConfig(3) } },
    });
    expect(pool?.runtime).toBe("gvisor");
  });

  it("gVisor on a custom AMI: no download, nodeadm joins the cluster and sets the labels and taint itself", async () => {
    const rec = await record(() => {
      new EksSandboxNodePool("gvisor", {
        ...BASE,
        runtime: "gvisor",
        gvisor: { imageId: "ami-0123456789abcdef0" },
        cluster: { apiServerEndpoint: pulumi.output("https://api.example.com"), certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
      });
    });
    expect(rec.named("gvisor-node-group").inputs.amiType).toBe("CUSTOM");
    const lt = rec.named("gvisor-launch-template").inputs;
    expect(lt.imageId).toBe("ami-0123456789abcdef0");
    const all = parts(lt.userData as string);
    expect(all.map(([type]) => type)).toEqual(["application/node.eks.aws"]);
    expect(parse(all[0][1]).spec).toEqual({
      cluster: { name: "agents", apiServerEndpoint: "https://api.example.com", certificateAuthority: "Q0E=", cidr: "172.20.0.0/16" },
      kubelet: {
        flags: ["--node-labels=agentcloud.dev/sandbox=gvisor", "--register-with-taints=agentcloud.dev/sandbox=gvisor:NoSchedule"],
      },
      containerd: { config: runscContainerdConfig(3) },
    });
  });

  it("Kata: nested virtualisation on c8i, labelled where kata-deploy installs and tainted as Kata pods tolerate", async () => {
    const rec = await record(() => {
      new EksSandboxNodePool("kata", { ...BASE, runtime: "kata" });
    });
    const ng = rec.named("kata-node-group").inputs;
    expect(ng.amiType).toBe("AL2023_x86_64_STANDARD");
    expect(ng.instanceTypes).toEqual(["c8i.2xlarge"]);
    expect(ng.labels).toEqual(DEFAULT_KATA_DEPLOY_NODE_SELECTOR);
    expect((ng.taints as { key: string; value: string; effect: string }[]).map(asToleration)).toEqual(DEFAULT_KATA_SCHEDULING.tolerations);
    const lt = rec.named("kata-launch-template").inputs;
    expect(lt.cpuOptions).toEqual({ nestedVirtualization: "enabled" });
    expect(lt.userData).toBeUndefined();
  });

  it("Kata on bare metal needs no CPU options", async () => {
    const rec = await record(() => {
      new EksSandboxNodePool("kata", { ...BASE, runtime: "kata", instanceTypes: ["m7i.metal-24xl"] });
    });
    expect(rec.named("kata-launch-template").inputs.cpuOptions).toBeUndefined();
  });

  it("rejects Kata on an instance type without /dev/kvm before creating anything", async () => {
    const { error, rec } = await recordRejection(
      () => new EksSandboxNodePool("kata", { ...BASE, runtime: "kata", instanceTypes: ["m7i.2xlarge"] }),
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      `EksSandboxNodePool "kata" has 1 invalid argument:\n  - instanceTypes[0]: has no /dev/kvm, which Kata Containers needs: it is neither bare metal nor a type AWS offers nested virtualisation on (got "m7i.2xlarge"); fix: use a bare-metal type (*.metal*, such as "m7i.metal-24xl") or a nested-virtualisation type (c8i, m8i, r8i, c8i-flex, m8i-flex, r8i-flex, such as "c8i.2xlarge")`,
    );
    expect(rec.registrations).toEqual([]);
  });
});
