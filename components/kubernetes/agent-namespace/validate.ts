import { checkDnsLabel, checkExtendedResourceName, checkLabelValue } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkNotAbove, checkPositiveQuantity } from "../../validation/quantities";
import { checkInteger, checkNonEmptyString, checkOneOf, isRecord } from "../../validation/values";
import { validateClusterDns } from "../network/cluster-endpoints";
import { NETWORK_FABRIC_KINDS, type TransitEncryption } from "../network/fabric";
import { LIMIT_KINDS, resolveAgentNamespace } from "./resolve";
import { DEFAULT_CONTAINER_LIMITS, type AgentNamespaceSpec } from "./spec";

const RESOURCES = ["cpu", "memory"] as const;

/** Every problem with an AgentNamespace spec. */
export function validateAgentNamespaceSpec(spec: AgentNamespaceSpec): ValidationProblem[] {
  const { quota, limits } = resolveAgentNamespace(spec);
  const problems: ValidationProblem[] = [...checkDnsLabel("namespace", spec.namespace)];
  for (const [argument, value] of [
    ["owner", spec.owner],
    ["costCentre", spec.costCentre],
  ] as const) {
    if (value === undefined || value === "") {
      problems.push({ argument, value, problem: "is required", fix: `set ${argument} to a label value like "platform-team"` });
    } else problems.push(...checkLabelValue(argument, value));
  }
  problems.push(
    ...checkPositiveQuantity("quota.cpu", quota.cpu, "16"),
    ...checkPositiveQuantity("quota.memory", quota.memory, "64Gi"),
    ...checkInteger("quota.pods", quota.pods, 1),
    ...checkInteger("quota.gpu", quota.gpu, 0),
  );
  problems.push(...checkExtendedResourceName("quota.gpuResource", quota.gpuResource));
  for (const kind of LIMIT_KINDS) {
    problems.push(
      ...checkPositiveQuantity(`limits.${kind}.cpu`, limits[kind].cpu, DEFAULT_CONTAINER_LIMITS[kind].cpu),
      ...checkPositiveQuantity(`limits.${kind}.memory`, limits[kind].memory, DEFAULT_CONTAINER_LIMITS[kind].memory),
    );
  }
  // Ordering, so that a container without resources is admitted by the LimitRange and fits the quota.
  for (const r of RESOURCES) {
    const [request, limit, max] = (["defaultRequest", "default", "max"] as const).map((k) => ({
      argument: `limits.${k}.${r}`,
      value: limits[k][r],
    }));
    problems.push(
      ...checkNotAbove(request, limit),
      ...checkNotAbove(limit, max),
      ...checkNotAbove(limit, { argument: `quota.${r}`, value: quota[r] }, "or a container without resources never fits the quota"),
    );
  }
  problems.push(...validateClusterDns("dns", spec.dns), ...checkNetworkFabric(spec.networkFabric));
  return problems;
}

/** Every `TransitEncryption`. */
const ENCRYPTIONS = ["wireguard", "ipsec", "ztunnel", "none"] as const satisfies readonly TransitEncryption[];

/** Problems with `networkFabric`: a known kind and encryption, and a stated reason when an opt-out is recorded. */
function checkNetworkFabric(fabric: unknown): ValidationProblem[] {
  if (fabric === undefined) return [];
  if (!isRecord(fabric))
    return [
      {
        argument: "networkFabric",
        value: fabric,
        problem: "must be a network fabric",
        fix: "pass the platform's fabric, e.g. ciliumFabric()",
      },
    ];
  const problems = checkOneOf("networkFabric.kind", fabric.kind, NETWORK_FABRIC_KINDS);
  const encryption = isRecord(fabric.enforcement) ? fabric.enforcement.encryption : undefined;
  problems.push(...checkOneOf("networkFabric.enforcement.encryption", encryption, ENCRYPTIONS));
  if (fabric.unsafeReason !== undefined)
    problems.push(...checkNonEmptyString("networkFabric.unsafeReason", fabric.unsafeReason, "the CNI enforces NetworkPolicy only"));
  return problems;
}
