import { checkAnnotationMap, checkDnsLabel, checkExtendedResourceName, checkLabelMap, checkReservedKeys } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkTolerations } from "../../validation/scheduling";
import { annotationBytes, MAX_ANNOTATIONS_BYTES, MAX_OBJECT_BYTES, objectBytes } from "../../validation/sizes";
import { checkInteger, checkNonEmptyString, isRecord } from "../../validation/values";
import { DEFAULT_GATEWAY_AUDIENCE, DEFAULT_GATEWAY_NAMESPACE, DEFAULT_GATEWAY_PORT, GATEWAY_NAME } from "../mcp-gateway/endpoint";
import { validateIdentityEndpoints } from "../network/cluster-endpoints";
import { DEFAULT_MONITORING_NAMESPACE } from "../observability/endpoint";
import { buildAgent } from "./build";
import { resolveAgent } from "./resolve";
import type { AgentArgs } from "./spec";

/** Prefix of the labels and annotations agentcloud sets; the platform must not set or override them. */
const RESERVED_PREFIX = "agentcloud.dev/";
/** Arguments that end up in annotations, and all arguments of variable size, as paths into the args. */
const ANNOTATED = [
  "tools",
  "delegatesTo",
  "egress",
  "cloudPermissions",
  "unsafeNoSandbox",
  "unsafeBroadCloudPermissions",
  "unsafeWildcardEgress",
  "platform.serviceAccountAnnotations",
];
const SIZED = ["env", "command", "args", ...ANNOTATED, "platform.podLabels"];

/** Problems with the gateway endpoint `AgentCloud` injects: namespace and name DNS labels, a port, an audience. */
export function checkGatewayEndpoint(argument: string, gateway: unknown): ValidationProblem[] {
  if (gateway === undefined) return [];
  if (!isRecord(gateway))
    return [
      {
        argument,
        value: gateway,
        problem: "must be an object",
        fix: `pass { namespace: "${DEFAULT_GATEWAY_NAMESPACE}", name: "${GATEWAY_NAME}", port: ${DEFAULT_GATEWAY_PORT}, audience: "${DEFAULT_GATEWAY_AUDIENCE}" }`,
      },
    ];
  return [
    ...checkDnsLabel(`${argument}.namespace`, gateway.namespace),
    ...checkDnsLabel(`${argument}.name`, gateway.name),
    ...checkInteger(`${argument}.port`, gateway.port, 1, 65535),
    ...checkNonEmptyString(`${argument}.audience`, gateway.audience, DEFAULT_GATEWAY_AUDIENCE),
  ];
}

/** Problems with the monitoring endpoint `AgentCloud` injects: a namespace DNS label and the Prometheus pods' labels. */
export function checkMonitoringEndpoint(argument: string, monitoring: unknown): ValidationProblem[] {
  if (monitoring === undefined) return [];
  if (!isRecord(monitoring))
    return [
      {
        argument,
        value: monitoring,
        problem: "must be an object",
        fix: `pass { namespace: "${DEFAULT_MONITORING_NAMESPACE}", podSelector: { "app.kubernetes.io/name": "prometheus" } }`,
      },
    ];
  const problems = checkDnsLabel(`${argument}.namespace`, monitoring.namespace);
  const selector = monitoring.podSelector;
  if (!isRecord(selector) || Object.keys(selector).length === 0) {
    problems.push({
      argument: `${argument}.podSelector`,
      value: selector,
      problem: "must be a non-empty map of the Prometheus pods' labels (an empty one admits every pod of the namespace)",
      fix: `pass e.g. { "app.kubernetes.io/name": "prometheus" }`,
    });
  } else problems.push(...checkLabelMap(`${argument}.podSelector`, selector));
  return problems;
}

/**
 * Problems with what the platform injects: GPU placement, ServiceAccount annotations, pod labels, endpoints, the
 * gateway, the monitoring.
 */
export function checkPlatform(platform: unknown): ValidationProblem[] {
  if (platform === undefined) return [];
  if (!isRecord(platform))
    return [
      { argument: "platform", value: platform, problem: "must be an object", fix: "pass { gpu, serviceAccountAnnotations, podLabels }" },
    ];
  const problems: ValidationProblem[] = [];
  const { gpu, serviceAccountAnnotations, podLabels, apiServerByFabric, identityEndpoints, gateway, monitoring } = platform;
  if (apiServerByFabric !== undefined && typeof apiServerByFabric !== "boolean")
    problems.push({
      argument: "platform.apiServerByFabric",
      value: apiServerByFabric,
      problem: "must be true or false",
      fix: "set it to true only when the fabric admits the API server by identity (Cilium), or leave it out",
    });
  problems.push(...validateIdentityEndpoints("platform.identityEndpoints", identityEndpoints));
  problems.push(...checkGatewayEndpoint("platform.gateway", gateway));
  problems.push(...checkMonitoringEndpoint("platform.monitoring", monitoring));
  if (gpu !== undefined && !isRecord(gpu))
    problems.push({
      argument: "platform.gpu",
      value: gpu,
      problem: "must be an object",
      fix: "pass { resourceName, nodeSelector, tolerations }",
    });
  if (isRecord(gpu)) {
    if (gpu.nodeSelector !== undefined) problems.push(...checkLabelMap("platform.gpu.nodeSelector", gpu.nodeSelector));
    if (gpu.tolerations !== undefined) problems.push(...checkTolerations("platform.gpu.tolerations", gpu.tolerations));
    if (gpu.resourceName !== undefined) problems.push(...checkExtendedResourceName("platform.gpu.resourceName", gpu.resourceName));
  }
  if (serviceAccountAnnotations !== undefined) {
    problems.push(
      ...checkAnnotationMap("platform.serviceAccountAnnotations", serviceAccountAnnotations),
      ...checkReservedKeys("platform.serviceAccountAnnotations", serviceAccountAnnotations, RESERVED_PREFIX),
    );
  }
  if (podLabels !== undefined) {
    problems.push(
      ...checkLabelMap("platform.podLabels", podLabels),
      ...checkReservedKeys("platform.podLabels", podLabels, RESERVED_PREFIX),
    );
  }
  return problems;
}

function valueAt(args: AgentArgs, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), args);
}

/** The argument among `paths` that takes the most bytes. */
function largest(args: AgentArgs, paths: readonly string[]): string {
  const sized = paths.map((path) => ({ path, bytes: objectBytes(valueAt(args, path)) }));
  return sized.reduce((a, b) => (b.bytes > a.bytes ? b : a)).path;
}

/** Every annotation map in an object: its own and its pod templates'. */
function annotationMaps(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(annotationMaps);
  if (!isRecord(value)) return [];
  const own = isRecord(value.metadata) && isRecord(value.metadata.annotations) ? [value.metadata.annotations] : [];
  return [...own, ...Object.values(value).flatMap(annotationMaps)];
}

/**
 * Problems the API server would only find on apply: annotations (the declaration included) over 256 KiB on an
 * object or pod template, or an object over the 1.5 MiB request limit. Builds the agent, so call it only on
 * otherwise valid args; reports each limit once, for the largest object.
 */
export function checkRenderedSizes(name: string, args: AgentArgs): ValidationProblem[] {
  const objects = buildAgent(resolveAgent(name, args)).map(({ object }) => ({
    kind: String((object as { kind?: unknown }).kind),
    annotations: Math.max(0, ...annotationMaps(object).map(annotationBytes)),
    bytes: objectBytes(object),
  }));
  const problems: ValidationProblem[] = [];
  const annotated = objects.reduce((a, b) => (b.annotations > a.annotations ? b : a));
  if (annotated.annotations > MAX_ANNOTATIONS_BYTES) {
    const argument = largest(args, ANNOTATED);
    problems.push({
      argument,
      value: valueAt(args, argument),
      problem: `makes the annotations of the agent's ${annotated.kind} ${annotated.annotations} bytes, over the API server's limit of ${MAX_ANNOTATIONS_BYTES} bytes (256 KiB)`,
      fix: `shorten ${argument}; it is recorded in annotations (agentcloud.dev/declaration and the unsafe... reasons)`,
    });
  }
  const big = objects.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  if (big.bytes > MAX_OBJECT_BYTES) {
    const argument = largest(args, SIZED);
    problems.push({
      argument,
      value: valueAt(args, argument),
      problem: `makes the agent's ${big.kind} ${big.bytes} bytes, over the ${MAX_OBJECT_BYTES}-byte (1.5 MiB) limit of a Kubernetes API request`,
      fix: `move large data out of ${argument} (into a ConfigMap or Secret mounted as a file)`,
    });
  }
  return problems;
}
