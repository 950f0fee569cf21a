import { describe, expect, it } from "vitest";
import { noStaticCredentials } from "../../../policies/audit/no-static-credentials";
import { messages, registration, violations } from "../helpers";
import { LOGGING_SINK, S3_SINK, shipper, vpc } from "./objects";

describe("agentcloud-audit-no-static-credentials", () => {
  it("passes the shipper AuditPipeline renders (workload identity only)", async () => {
    expect(await messages(noStaticCredentials, [vpc, shipper(S3_SINK)])).toEqual([]);
    expect(await messages(noStaticCredentials, [shipper(LOGGING_SINK)])).toEqual([]);
  });

  it("is not applicable without a shipper", async () => {
    expect(await violations([noStaticCredentials], [vpc])).toEqual([]);
  });

  it("flags credential variables, Secrets and credential keys on the shipper, naming each source and never a value", async () => {
    const leaky = shipper(LOGGING_SINK, (v) => {
      v.env = [
        { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG" },
        { name: "LOG_LEVEL", value: "debug" },
      ];
      v.envFrom = [{ secretRef: { name: "gcp-key" } }];
      v.config.outputs = v.config.outputs.replace("[OUTPUT]\n", "[OUTPUT]\n    google_service_credentials /var/secrets/key.json\n");
    });
    const found = await violations([noStaticCredentials], [leaky]);
    expect(found.map((v) => [v.message, v.enforcementLevel, v.severity])).toEqual([
      [
        'Helm Release "agentcloud-audit" (the audit shipper) takes static cloud credentials from environment variable AWS_SECRET_ACCESS_KEY, envFrom[0] (Secret "gcp-key"), output "audit-store" key google_service_credentials; bind a workload identity to its ServiceAccount instead.',
        "mandatory",
        "high",
      ],
    ]);
    expect(JSON.stringify(found)).not.toContain("wJalrXUtnFEMI");
  });

  it("flags long-lived cloud keys in a stack with the shipper", async () => {
    const keys = [
      registration("aws:iam/accessKey:AccessKey", "shipper-key", { user: "fluent-bit" }),
      registration("gcp:serviceaccount/key:Key", "sa-key", { serviceAccountId: "x" }),
    ];
    expect(await messages(noStaticCredentials, [shipper(S3_SINK), ...keys])).toEqual([
      'AccessKey "shipper-key" is a long-lived cloud key in a stack with the audit shipper; delete it and use workload identity.',
      'Key "sa-key" is a long-lived cloud key in a stack with the audit shipper; delete it and use workload identity.',
    ]);
  });
});
