import { checkAnnotationMap, checkDnsLabel, checkReservedKeys } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { credentialLike } from "../../validation/secrets";
import { checkOneOf, isRecord } from "../../validation/values";
import { RESERVED_NAMESPACES } from "../../vocabulary";

/** S3 bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** AWS region names, e.g. `eu-west-1`, `us-gov-west-1`. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** GCP project ids: 6 to 30 lower-case letters, digits and hyphens, starting with a letter. */
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

function checkPattern(argument: string, value: unknown, pattern: RegExp, what: string, example: string): ValidationProblem[] {
  return typeof value === "string" && pattern.test(value)
    ? []
    : [{ argument, value, problem: `must be ${what}`, fix: `use e.g. "${example}"` }];
}

function checkSink(sink: unknown): ValidationProblem[] {
  if (!isRecord(sink)) {
    return [
      {
        argument: "sink",
        value: sink,
        problem: "must be an object",
        fix: `pass { kind: "s3", bucket, region } or { kind: "cloud-logging", project, clusterName, location }`,
      },
    ];
  }
  const kind = checkOneOf("sink.kind", sink.kind, ["s3", "cloud-logging"] as const);
  if (kind.length > 0) return kind;
  if (sink.kind === "s3") {
    return [
      ...checkPattern(
        "sink.bucket",
        sink.bucket,
        S3_BUCKET,
        "an S3 bucket name (3 to 63 lower-case letters, digits, dots, hyphens)",
        "agentcloud-audit-123456789012-eu-west-1",
      ),
      ...checkPattern("sink.region", sink.region, AWS_REGION, "an AWS region", "eu-west-1"),
    ];
  }
  return [
    ...checkPattern("sink.project", sink.project, GCP_PROJECT, "a GCP project id", "acme-agents"),
    ...checkDnsLabel("sink.clusterName", sink.clusterName),
    ...checkPattern("sink.location", sink.location, /^[a-z]+-[a-z]+\d(-[a-z])?$/, "a GCP region or zone", "europe-west4"),
  ];
}

/** Static credentials in the shipper's annotations are refused: its identity is the cloud's workload identity. */
function checkNoStaticCredentials(annotations: unknown): ValidationProblem[] {
  if (!isRecord(annotations)) return [];
  return Object.entries(annotations).flatMap(([key, value]) => {
    // Annotation keys use - . and /, where environment names use _.
    const what = typeof value === "string" ? credentialLike(key.replace(/[^A-Za-z0-9]/g, "_"), value) : undefined;
    return what === undefined
      ? []
      : [
          {
            argument: `serviceAccountAnnotations.${key}`,
            value: "[redacted]",
            problem: `looks like ${what}: the shipper never holds static cloud credentials`,
            fix: "bind a workload identity instead (IRSA or EKS Pod Identity, GKE Workload Identity)",
          },
        ];
  });
}

/** Every problem with `AuditPipelineArgs` (`components/kubernetes/audit/spec.ts`), reported at once. */
export function validateAuditPipelineArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) return [{ argument: "", value: args, problem: "must be an object", fix: "pass { sink, tenants }" }];
  const problems: ValidationProblem[] = [...checkSink(args.sink)];
  if (!Array.isArray(args.tenants) || args.tenants.length === 0) {
    problems.push({
      argument: "tenants",
      value: args.tenants,
      problem: "must list at least one agent namespace",
      fix: `use e.g. ["agents"]`,
    });
  } else {
    args.tenants.forEach((t: unknown, i) => problems.push(...checkDnsLabel(`tenants[${i}]`, t)));
  }
  if (args.gatewayNamespace !== undefined) problems.push(...checkDnsLabel("gatewayNamespace", args.gatewayNamespace));
  if (args.namespace !== undefined) {
    problems.push(...checkDnsLabel("namespace", args.namespace));
    const tenants: unknown[] = Array.isArray(args.tenants) ? args.tenants : [];
    if (
      tenants.includes(args.namespace) ||
      (RESERVED_NAMESPACES as readonly unknown[]).filter((n) => n !== "agentcloud-audit").includes(args.namespace)
    ) {
      problems.push({
        argument: "namespace",
        value: args.namespace,
        problem: "is a tenant's or another agentcloud namespace: the shipper runs privileged and needs its own",
        fix: `use "agentcloud-audit"`,
      });
    }
  }
  if (args.serviceAccountAnnotations !== undefined) {
    problems.push(
      ...checkAnnotationMap("serviceAccountAnnotations", args.serviceAccountAnnotations),
      ...checkReservedKeys("serviceAccountAnnotations", args.serviceAccountAnnotations, "agentcloud.dev/"),
      ...checkNoStaticCredentials(args.serviceAccountAnnotations),
    );
  }
  const buffer = args.buffer;
  if (buffer !== undefined) {
    if (!isRecord(buffer)) {
      problems.push({ argument: "buffer", value: buffer, problem: "must be an object", fix: `use { totalLimitSize: "5G" }` });
    } else {
      if (
        buffer.hostPath !== undefined &&
        !(typeof buffer.hostPath === "string" && /^\/[A-Za-z0-9._/-]+$/.test(buffer.hostPath) && !buffer.hostPath.split("/").includes(".."))
      ) {
        problems.push({
          argument: "buffer.hostPath",
          value: buffer.hostPath,
          problem: "must be an absolute path without ..",
          fix: `use "/var/lib/agentcloud/audit-buffer"`,
        });
      }
      if (buffer.totalLimitSize !== undefined) {
        problems.push(
          ...(typeof buffer.totalLimitSize === "string" && /^\d+[KMG]$/.test(buffer.totalLimitSize)
            ? []
            : [
                {
                  argument: "buffer.totalLimitSize",
                  value: buffer.totalLimitSize,
                  problem: "must be a Fluent Bit size like 500M or 5G",
                  fix: `use "5G"`,
                },
              ]),
        );
      }
    }
  }
  return problems;
}
