import * as k8s from "@pulumi/kubernetes";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AuditPipeline,
  fluentBitValues,
  resolveAuditPipeline,
  validateAuditPipelineArgs,
  type AuditPipelineArgs,
} from "../../../../components/kubernetes/audit";
import { shippedLine } from "../../../../components/receipts";
import { formatProblem } from "../../../../components/validation";
import { UPSTREAM } from "../../../../components/vocabulary";
import { record } from "../../../helpers/pulumi";
import { invalidObjects, UPSTREAM_DIR } from "../../../helpers/schema";

const CHART_VALUES = parse(readFileSync(join(UPSTREAM_DIR, "fluent-bit", UPSTREAM.fluentBit.version, "values.yaml"), "utf8")) as Record<
  string,
  unknown
>;
const S3: AuditPipelineArgs = {
  sink: { kind: "s3", bucket: "agentcloud-audit-123456789012-eu-west-1", region: "eu-west-1" },
  tenants: ["team-b", "agents"],
  serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/agentcloud-audit-shipper" },
};
const LOGGING: AuditPipelineArgs = {
  sink: { kind: "cloud-logging", project: "acme-agents", clusterName: "agents", location: "europe-west4" },
  tenants: ["agents"],
};

/** The sections of a Fluent Bit classic config as [name, { key: values }]. */
function sections(text: string): [string, Record<string, string[]>][] {
  const out: [string, Record<string, string[]>][] = [];
  for (const line of text.split("\n")) {
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) out.push([header[1], {}]);
    else if (line.trim() !== "") {
      const [, key, value] = /^\s+(\S+)\s+(.*)$/.exec(line)!;
      const entries = out[out.length - 1][1];
      entries[key] = [...(entries[key] ?? []), value];
    }
  }
  return out;
}

describe("validateAuditPipelineArgs", () => {
  it("accepts both sinks", () => {
    expect(validateAuditPipelineArgs(S3)).toEqual([]);
    expect(validateAuditPipelineArgs(LOGGING)).toEqual([]);
  });

  it("reports every problem at once, naming the argument, the value and the fix, and never repeats a credential", () => {
    const problems = validateAuditPipelineArgs({
      sink: { kind: "s3", bucket: "Audit_Bucket", region: "europe" },
      tenants: [],
      namespace: "agentcloud-gateway",
      serviceAccountAnnotations: { "aws-secret-access-key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      buffer: { hostPath: "var/lib/x", totalLimitSize: "5 gigabytes" },
    });
    expect(problems.map(formatProblem)).toEqual([
      'sink.bucket: must be an S3 bucket name (3 to 63 lower-case letters, digits, dots, hyphens) (got "Audit_Bucket"); fix: use e.g. "agentcloud-audit-123456789012-eu-west-1"',
      'sink.region: must be an AWS region (got "europe"); fix: use e.g. "eu-west-1"',
      'tenants: must list at least one agent namespace (got []); fix: use e.g. ["agents"]',
      'namespace: is a tenant\'s or another agentcloud namespace: the shipper runs privileged and needs its own (got "agentcloud-gateway"); fix: use "agentcloud-audit"',
      'serviceAccountAnnotations.aws-secret-access-key: looks like a secret (by its name): the shipper never holds static cloud credentials (got "[redacted]"); fix: bind a workload identity instead (IRSA or EKS Pod Identity, GKE Workload Identity)',
      'buffer.hostPath: must be an absolute path without .. (got "var/lib/x"); fix: use "/var/lib/agentcloud/audit-buffer"',
      'buffer.totalLimitSize: must be a Fluent Bit size like 500M or 5G (got "5 gigabytes"); fix: use "5G"',
    ]);
    expect(JSON.stringify(problems)).not.toContain("wJalrXUtnFEMI");
  });

  it("names the sink kinds it knows", () => {
    expect(validateAuditPipelineArgs({ sink: { kind: "gcs" }, tenants: ["agents"] }).map(formatProblem)).toEqual([
      'sink.kind: must be one of "s3", "cloud-logging" (got "gcs"); fix: set sink.kind to one of those',
    ]);
  });
});

describe("fluentBitValues", () => {
  it("sets only keys the pinned chart's values.yaml has", () => {
    for (const args of [S3, LOGGING]) {
      const values = fluentBitValues(resolveAuditPipeline(args)) as unknown as Record<string, unknown>;
      for (const key of Object.keys(values)) expect(CHART_VALUES).toHaveProperty([key]);
      for (const key of Object.keys(values.config as object)) expect(CHART_VALUES.config).toHaveProperty([key]);
      for (const key of Object.keys(values.serviceAccount as object)) expect(CHART_VALUES.serviceAccount).toHaveProperty([key]);
    }
  });

  it("tails the gateway and the tenants' containers into a checksummed filesystem buffer, keeping receipt lines only", () => {
    const values = fluentBitValues(resolveAuditPipeline(S3));
    const service = Object.fromEntries(sections(values.config.service));
    expect(service.SERVICE).toMatchObject({
      "storage.path": ["/var/lib/agentcloud/audit-buffer/chunks"],
      "storage.sync": ["full"],
      "storage.checksum": ["On"],
      HTTP_Port: ["2020"],
    });
    const inputs = sections(values.config.inputs).map(([, e]) => e);
    expect(inputs.map((e) => [e.Alias[0], e.Path[0], e["storage.type"][0], e.Skip_Long_Lines[0]])).toEqual([
      ["audit-gateway", "/var/log/containers/mcp-gateway-*_agentcloud-gateway_*.log", "filesystem", "Off"],
      ["audit-receipts", "/var/log/containers/*_agents_*.log,/var/log/containers/*_team-b_*.log", "filesystem", "Off"],
    ]);
    const [[name, grep]] = sections(values.config.filters);
    expect([name, grep.Match, grep.Regex]).toEqual(["FILTER", ["audit.receipts.*"], ['log ^\\{"agentcloud\\.receipt":']]);
    expect(new RegExp(grep.Regex[0].slice(4)).test('{"agentcloud.receipt":"{\\"seq\\":1}"}')).toBe(true);
    expect(new RegExp(grep.Regex[0].slice(4)).test('{"level":"info","msg":"hello"}')).toBe(false);
    // What the receipts library prints for a receipt and for a (multi-line) checkpoint note is kept, on one line.
    for (const stored of ['{"agent":"agents/a/0","seq":1}', "origin\n1\nroot=\n\n— key sig\n"]) {
      const line = shippedLine(stored);
      expect(line).not.toContain("\n");
      expect(new RegExp(grep.Regex[0].slice(4)).test(line)).toBe(true);
      expect((JSON.parse(line) as Record<string, string>)["agentcloud.receipt"]).toBe(stored);
    }
  });

  it("writes to S3 with Content-MD5 (Object Lock requires it), the raw line, ordered retries and no retry limit", () => {
    const [[, out]] = sections(fluentBitValues(resolveAuditPipeline(S3)).config.outputs);
    expect(out).toMatchObject({
      Name: ["s3"],
      bucket: ["agentcloud-audit-123456789012-eu-west-1"],
      region: ["eu-west-1"],
      send_content_md5: ["true"],
      log_key: ["log"],
      preserve_data_ordering: ["true"],
      Retry_Limit: ["no_limits"],
      store_dir: ["/var/lib/agentcloud/audit-buffer/s3"],
      s3_key_format: ["/$TAG[1]/$TAG[2]/%Y/%m/%d/$TAG[3]/%H%M%S-$UUID.jsonl"],
    });
    expect(JSON.stringify(out)).not.toMatch(/aws_key|secret|credentials/i);
  });

  it("writes to Cloud Logging under the audit log's name with the metadata server's identity (no credentials file)", () => {
    const values = fluentBitValues(resolveAuditPipeline(LOGGING));
    const [[, out]] = sections(values.config.outputs);
    expect(out).toMatchObject({ Name: ["stackdriver"], resource: ["global"], export_to_project_id: ["acme-agents"] });
    expect(out).not.toHaveProperty("google_service_credentials");
    const modify = sections(values.config.filters).find(([, e]) => e.Name[0] === "modify")![1];
    expect(modify.Add).toEqual(["logging.googleapis.com/logName agentcloud-audit", "cluster agents"]);
  });

  it("runs on every node as root without capabilities, read-only, reading /var/log read-only", () => {
    const values = fluentBitValues(resolveAuditPipeline(S3));
    expect(values.tolerations).toEqual([{ operator: "Exists" }]);
    expect(values.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(values.daemonSetVolumeMounts).toEqual([
      { name: "varlog", mountPath: "/var/log", readOnly: true },
      { name: "buffer", mountPath: "/var/lib/agentcloud/audit-buffer" },
    ]);
    expect(values.serviceAccount).toEqual({
      create: true,
      name: "agentcloud-audit-shipper",
      annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/agentcloud-audit-shipper" },
    });
  });
});

describe("AuditPipeline", () => {
  it("registers a privileged-enforced namespace, then the pinned fluent-bit release in it", async () => {
    const rec = await record(() => {
      new AuditPipeline("audit", S3, { provider: new k8s.Provider("cluster", {}) });
    });
    const [namespace] = rec.kind("Namespace");
    expect(namespace.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(await invalidObjects([namespace])).toEqual([]);
    const [release] = rec.ofType("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({
      name: "agentcloud-audit",
      chart: "oci://ghcr.io/fluent/helm-charts/fluent-bit",
      version: "0.58.1",
      namespace: "agentcloud-audit",
    });
    expect(release.dependencies).toContain(rec.registrations.find((r) => r.type === "kubernetes:core/v1:Namespace")!.urn);
  });
});
