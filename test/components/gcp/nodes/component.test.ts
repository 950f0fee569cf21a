import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { AgentCloud } from "../../../../components/blueprint/component";
import type { AgentCloudSpec } from "../../../../components/blueprint/spec";
import {
  checkGkeTimeSharedGpuRequests,
  GkeGpuNodePool,
  GkeSandboxNodePool,
  validateGkeGpuNodePoolArgs,
  validateGkeSandboxNodePoolArgs,
  type GkeGpuNodePoolArgs,
  type GkeSandboxNodePoolArgs,
} from "../../../../components/gcp/nodes";
import { ArgumentError } from "../../../../components/validation";
import { record, recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";
import { PLAIN_FABRIC } from "../../blueprint/fixtures";

const NODE_SA = "agentcloud-nodes@acme-agents.iam.gserviceaccount.com";
const BASE = { cluster: "agentcloud", location: "europe-west4", serviceAccount: NODE_SA };

/** The node settings every agentcloud GKE pool has (what the GCP policies judge). */
const HARDENED = {
  imageType: "COS_CONTAINERD",
  diskSizeGb: 100,
  diskType: "pd-balanced",
  serviceAccount: NODE_SA,
  oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
  workloadMetadataConfig: { mode: "GKE_METADATA" },
  shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
  metadata: { "disable-legacy-endpoints": "true" },
  resourceLabels: {},
};

describe("GkeGpuNodePool", () => {
  it("creates a time-shared, tainted, labelled GPU pool under gVisor with GKE's managed driver", async () => {
    let pool: GkeGpuNodePool | undefined;
    const rec = await record(() => {
      pool = new GkeGpuNodePool("gpu", BASE);
    });
    const component = rec.named("gpu");
    expect(component.type).toBe("agentcloud:gcp:GkeGpuNodePool");
    const nodePool = rec.named("gpu-pool");
    expect(nodePool.type).toBe("gcp:container/nodePool:NodePool");
    expect(nodePool.parent).toBe(component.urn);
    expect(nodePool.inputs).toEqual({
      name: "gpu",
      cluster: "agentcloud",
      location: "europe-west4",
      initialNodeCount: 0,
      autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 2, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        ...HARDENED,
        machineType: "g2-standard-8",
        guestAccelerators: [
          {
            type: "nvidia-l4",
            count: 1,
            gpuSharingConfig: { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: 4 },
            gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" },
          },
        ],
        labels: {
          "agentcloud.dev/pool": "gpu",
          "agentcloud.dev/gpu": "true",
          "agentcloud.dev/gpu-pool": "gpu",
          "agentcloud.dev/sandbox": "gvisor",
        },
        taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
        sandboxConfig: { type: "GVISOR" },
      },
    });
    expect(pool!.gpuPlatform).toEqual({
      resourceName: "nvidia.com/gpu",
      nodeSelector: { "agentcloud.dev/gpu": "true" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    });
    expect(rec.registrations.filter((r) => r.custom).map((r) => r.type)).toEqual(["gcp:container/nodePool:NodePool"]);
  });

  it("takes the accelerator, sharing, driver, bounds, zones, disk key, Spot and a plain (unsandboxed) pool from args", async () => {
    const rec = await record(() => {
      new GkeGpuNodePool("gpu", {
        ...BASE,
        project: "acme-agents",
        pool: "gpu-t4",
        machineType: "n1-standard-8",
        accelerator: { type: "nvidia-tesla-t4", count: 2 },
        maxSharedClientsPerGpu: 48,
        driverVersion: "LATEST",
        sandbox: false,
        autoscaling: { minNodes: 1, maxNodes: 4 },
        nodeLocations: ["europe-west4-a", "europe-west4-b"],
        diskSizeGb: 200,
        bootDiskKmsKey: "projects/acme-agents/locations/europe-west4/keyRings/nodes/cryptoKeys/disks",
        spot: true,
      });
    });
    const inputs = rec.named("gpu-pool").inputs as any;
    expect(inputs.name).toBe("gpu-t4");
    expect(inputs.project).toBe("acme-agents");
    expect(inputs.nodeLocations).toEqual(["europe-west4-a", "europe-west4-b"]);
    expect(inputs.initialNodeCount).toBe(1);
    expect(inputs.autoscaling).toEqual({ totalMinNodeCount: 1, totalMaxNodeCount: 4, locationPolicy: "ANY" });
    expect(inputs.nodeConfig.machineType).toBe("n1-standard-8");
    expect(inputs.nodeConfig.diskSizeGb).toBe(200);
    expect(inputs.nodeConfig.bootDiskKmsKey).toBe("projects/acme-agents/locations/europe-west4/keyRings/nodes/cryptoKeys/disks");
    expect(inputs.nodeConfig.spot).toBe(true);
    expect(inputs.nodeConfig.guestAccelerators).toEqual([
      {
        type: "nvidia-tesla-t4",
        count: 2,
        gpuSharingConfig: { gpuSharingStrategy: "TIME_SHARING", maxSharedClientsPerGpu: 48 },
        gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
      },
    ]);
    expect(inputs.nodeConfig.labels).toEqual({
      "agentcloud.dev/pool": "gpu-t4",
      "agentcloud.dev/gpu": "true",
      "agentcloud.dev/gpu-pool": "gpu-t4",
    });
    expect(inputs.nodeConfig.sandboxConfig).toBeUndefined();
    expect(inputs.nodeConfig.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
  });

  it("rejects maxSharedClientsPerGpu outside GKE's 2 to 48 before creating anything", async () => {
    for (const value of [1, 49, 2.5]) {
      expect(validateGkeGpuNodePoolArgs("gpu", { ...BASE, maxSharedClientsPerGpu: value })).toEqual([
        {
          argument: "maxSharedClientsPerGpu",
          value,
          problem: "must be a whole number from 2 to 48: GKE time-sharing shares one GPU between 2 and 48 containers",
          fix: "set maxSharedClientsPerGpu between 2 and 48",
        },
      ]);
    }
    const { error, rec } = await recordRejection(() => new GkeGpuNodePool("gpu", { ...BASE, maxSharedClientsPerGpu: 64 }));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      'GkeGpuNodePool "gpu" has 1 invalid argument:\n' +
        "  - maxSharedClientsPerGpu: must be a whole number from 2 to 48: GKE time-sharing shares one GPU between 2 and 48 containers (got 64); fix: set maxSharedClientsPerGpu between 2 and 48",
    );
    expect(rec.registrations).toEqual([]);
  });

  it("rejects bad autoscaling bounds, reporting every problem at once", () => {
    expect(validateGkeGpuNodePoolArgs("gpu", { ...BASE, autoscaling: { minNodes: 3, maxNodes: 2 } })).toEqual([
      {
        argument: "autoscaling",
        value: { minNodes: 3, maxNodes: 2 },
        problem: "has minNodes above maxNodes",
        fix: "set minNodes at or below maxNodes",
      },
    ]);
    expect(validateGkeGpuNodePoolArgs("gpu", { ...BASE, autoscaling: { minNodes: -1, maxNodes: 0 } })).toEqual([
      {
        argument: "autoscaling.minNodes",
        value: -1,
        problem: "must be a whole number from 0 to 1000",
        fix: "set autoscaling.minNodes to a whole number from 0 to 1000",
      },
      {
        argument: "autoscaling.maxNodes",
        value: 0,
        problem: "must be a whole number from 1 to 1000",
        fix: "set autoscaling.maxNodes to a whole number from 1 to 1000",
      },
    ]);
    // The default minimum (0) with a maximum given.
    expect(validateGkeGpuNodePoolArgs("gpu", { ...BASE, autoscaling: { maxNodes: 1001 } })).toEqual([
      {
        argument: "autoscaling.maxNodes",
        value: 1001,
        problem: "must be a whole number from 1 to 1000",
        fix: "set autoscaling.maxNodes to a whole number from 1 to 1000",
      },
    ]);
  });

  it("rejects the default compute service account, a bad pool name, accelerator and driver", () => {
    const args = {
      ...BASE,
      serviceAccount: "123456789012-compute@developer.gserviceaccount.com",
      pool: "GPU_pool",
      accelerator: { type: "", count: 0 },
      driverVersion: "INSTALLATION_DISABLED",
    } as unknown as GkeGpuNodePoolArgs;
    expect(validateGkeGpuNodePoolArgs("gpu", args).map((p) => `${p.argument}: ${p.problem}`)).toEqual([
      "serviceAccount: must be a dedicated least-privilege service account, not the Compute Engine default service account",
      "pool: must be a GKE node pool name: a lower-case letter first, then lower-case letters, digits or '-', ending with a letter or digit, at most 40 characters",
      "accelerator.type: must be a non-empty string",
      "accelerator.count: must be a whole number from 1 to 16",
      'driverVersion: must be one of "DEFAULT", "LATEST"',
    ]);
  });
});

describe("GkeSandboxNodePool", () => {
  it("creates a GKE Sandbox (gVisor) pool on COS containerd with the GKE metadata server and Shielded VMs", async () => {
    let pool: GkeSandboxNodePool | undefined;
    const rec = await record(() => {
      pool = new GkeSandboxNodePool("sandbox", BASE);
    });
    expect(rec.named("sandbox").type).toBe("agentcloud:gcp:GkeSandboxNodePool");
    const nodePool = rec.named("sandbox-pool");
    expect(nodePool.parent).toBe(rec.named("sandbox").urn);
    expect(nodePool.inputs).toEqual({
      name: "sandbox",
      cluster: "agentcloud",
      location: "europe-west4",
      initialNodeCount: 1,
      autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 3, locationPolicy: "ANY" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        ...HARDENED,
        machineType: "e2-standard-4",
        labels: { "agentcloud.dev/pool": "sandbox", "agentcloud.dev/sandbox": "gvisor" },
        sandboxConfig: { type: "GVISOR" },
      },
    });
    expect(pool!.runtimeClasses).toEqual(["gvisor"]);
  });

  it("rejects a non-containerd image (or any image but COS_CONTAINERD) before creating anything", async () => {
    const { error, rec } = await recordRejection(() => new GkeSandboxNodePool("sandbox", { ...BASE, imageType: "UBUNTU" }));
    expect((error as Error).message).toBe(
      'GkeSandboxNodePool "sandbox" has 1 invalid argument:\n' +
        '  - imageType: must be "COS_CONTAINERD": GKE Sandbox runs gVisor only on Container-Optimized OS with containerd (got "UBUNTU"); fix: leave imageType unset or set it to "COS_CONTAINERD"',
    );
    expect(rec.registrations).toEqual([]);
    expect(validateGkeSandboxNodePoolArgs("sandbox", { ...BASE, imageType: "COS" }).map((p) => p.argument)).toEqual(["imageType"]);
    expect(validateGkeSandboxNodePoolArgs("sandbox", { ...BASE, imageType: "COS_CONTAINERD" })).toEqual([]);
  });

  it("rejects a missing service account and an empty cluster", () => {
    expect(
      validateGkeSandboxNodePoolArgs("sandbox", { cluster: "", location: "europe-west4" } as unknown as GkeSandboxNodePoolArgs),
    ).toEqual([
      { argument: "cluster", value: "", problem: "must be a non-empty string", fix: 'use a value like "agentcloud"' },
      { argument: "serviceAccount", value: undefined, problem: "is required", fix: "pass the cluster's node service account e-mail" },
    ]);
  });
});

describe("agents on GKE node pools", () => {
  it("an agent with a GPU share schedules onto the GPU pool under GKE's gvisor class, and its tenant quota counts nvidia.com/gpu", async () => {
    const rec = await record(() => {
      const gpu = new GkeGpuNodePool("gpu", BASE);
      const sandbox = new GkeSandboxNodePool("sandbox", BASE);
      const spec: AgentCloudSpec<k8s.Provider> = {
        platform: {
          provider: new k8s.Provider("gke", {}),
          name: "gke",
          network: PLAIN_FABRIC,
          runtimeClasses: sandbox.runtimeClasses,
          gpu: gpu.gpuPlatform,
        },
        tenants: { research: { owner: "ml-team", costCentre: "cc-42", quota: { gpu: 2 } } },
        agents: {
          trainer: { namespace: "research", image: "ghcr.io/acme/trainer:1.0.0", resources: { gpu: 1 } },
          helper: { namespace: "research", image: "ghcr.io/acme/helper:1.0.0" },
        },
        observability: false,
      };
      new AgentCloud("fleet", spec);
    });
    const trainer = rec.kind("Deployment").find((d) => d.metadata.name === "trainer") as any;
    const pod = trainer.spec.template.spec;
    expect(pod.runtimeClassName).toBe("gvisor");
    expect(pod.nodeSelector).toEqual({ "agentcloud.dev/gpu": "true" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(pod.containers[0].resources.requests["nvidia.com/gpu"]).toBe("1");
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    const helper = rec.kind("Deployment").find((d) => d.metadata.name === "helper") as any;
    expect(helper.spec.template.spec.nodeSelector).toBeUndefined();
    expect(helper.spec.template.spec.containers[0].resources.requests["nvidia.com/gpu"]).toBeUndefined();
    const quota = rec.kind("ResourceQuota").find((q) => q.metadata.namespace === "research") as any;
    expect(quota.spec.hard["requests.nvidia.com/gpu"]).toBe("2");
    // GKE Sandbox provides the gvisor RuntimeClass: agentcloud renders none.
    expect(rec.kind("RuntimeClass")).toEqual([]);
    expect(await invalidObjects([trainer, quota])).toEqual([]);
  });
});

describe("checkGkeTimeSharedGpuRequests", () => {
  it("flags agents asking for more than one time-shared GPU, and only those", () => {
    expect(
      checkGkeTimeSharedGpuRequests({
        trainer: { resources: { gpu: 2 } },
        tuner: { resources: { gpu: 1 } },
        helper: {},
      }),
    ).toEqual([
      {
        argument: "agents.trainer.resources.gpu",
        value: 2,
        problem: "asks for more than one GPU share, but GKE time-shared GPU nodes admit at most one nvidia.com/gpu per container",
        fix: "request 1 (a time slice of one GPU), or give the agent its own GPU pool without time-sharing",
      },
    ]);
  });
});
