import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { UPSTREAM } from "../../vocabulary";
import type { GpuPlatform } from "../agent/spec";
import type { ScrapedNamespace } from "../observability/spec";
import { registerObjects } from "../resources";
import { buildGpuSharing } from "./build";
import { gpuPlatform, resolveGpuSharing } from "./resolve";
import { DCGM_EXPORTER_RELEASE, DEVICE_PLUGIN_RELEASE, type GpuSharingArgs } from "./spec";
import { validateGpuSharingArgs } from "./validate";
import { dcgmExporterValues, devicePluginValues } from "./values";

/**
 * GPU sharing on agentcloud's GPU pools: the upstream NVIDIA device plugin (pinned chart) with one time-slicing config
 * per pool, picked on each node by its `nvidia.com/device-plugin.config` label, kept off pools whose platform runs its
 * own plugin (Bottlerocket, GKE); and the DCGM exporter on every GPU node. Gives agents the `GpuPlatform` to schedule
 * onto the pools. Validates every argument before any resource is registered. Pass the Kubernetes provider in `opts`.
 */
export class GpuSharing extends pulumi.ComponentResource {
  /** What agents with GPU shares need (`AgentCloudPlatform.gpu`): resource name, GPU node selector, toleration. */
  readonly gpuPlatform: Required<GpuPlatform>;
  /** Namespace of the releases. */
  readonly namespace: string;
  /** The DCGM exporter's namespace for `Observability`'s `scrape.dcgm`, undefined without the exporter. */
  readonly dcgm: ScrapedNamespace | undefined;

  constructor(name: string, args: GpuSharingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfProblems(`GpuSharing "${name}"`, validateGpuSharingArgs(args));
    super("agentcloud:kubernetes:GpuSharing", name, {}, opts);
    const r = resolveGpuSharing(args);
    const namespace = registerObjects(name, buildGpuSharing(r), this).get("namespace")!;
    new k8s.helm.v3.Release(
      `${name}-device-plugin`,
      {
        name: DEVICE_PLUGIN_RELEASE,
        chart: UPSTREAM.nvidiaDevicePlugin.chart,
        version: UPSTREAM.nvidiaDevicePlugin.version,
        repositoryOpts: { repo: UPSTREAM.nvidiaDevicePlugin.repo },
        namespace: r.namespace,
        values: devicePluginValues(r),
      },
      { parent: this, dependsOn: [namespace] },
    );
    if (r.dcgmExporter) {
      new k8s.helm.v3.Release(
        `${name}-dcgm-exporter`,
        {
          name: DCGM_EXPORTER_RELEASE,
          chart: UPSTREAM.dcgmExporter.chart,
          version: UPSTREAM.dcgmExporter.version,
          repositoryOpts: { repo: UPSTREAM.dcgmExporter.repo },
          namespace: r.namespace,
          values: dcgmExporterValues(),
        },
        { parent: this, dependsOn: [namespace] },
      );
    }
    this.gpuPlatform = gpuPlatform(r.resourceName);
    this.namespace = r.namespace;
    this.dcgm = r.dcgmExporter ? { namespace: r.namespace } : undefined;
    this.registerOutputs({ gpuPlatform: this.gpuPlatform, namespace: this.namespace, dcgm: this.dcgm });
  }
}
