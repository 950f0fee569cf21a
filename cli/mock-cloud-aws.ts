import { createHash } from "node:crypto";
import type { CloudContext } from "./mock-cloud";

/** The account every offline ARN names (AWS's documentation example account). */
export const OFFLINE_AWS_ACCOUNT = "123456789012";
/** The region when the stack sets no `aws:region`. */
export const OFFLINE_AWS_REGION = "eu-west-1";

const region = (c: CloudContext) => c.config["aws:region"] ?? OFFLINE_AWS_REGION;
const hex = (seed: string, length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length).toUpperCase();
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `aws:<module>/<kind>:<Kind>` to its module and lower-case kind. */
function parts(type: string): { module: string; kind: string } {
  const [, token = ""] = type.split(":");
  const [module = "", kind = ""] = token.split("/");
  return { module, kind: kind.toLowerCase() };
}

/** Deterministic stand-ins for what AWS computes, by resource type; every other AWS resource gets an `arn`. */
export function awsComputedOutputs(type: string, name: string, inputs: Record<string, unknown>, c: CloudContext): Record<string, unknown> {
  const r = region(c);
  const id = `${name}-id`;
  switch (type) {
    case "aws:eks/cluster:Cluster": {
      const clusterName = text(inputs.name) ?? name;
      return {
        arn: `arn:aws:eks:${r}:${OFFLINE_AWS_ACCOUNT}:cluster/${clusterName}`,
        endpoint: `https://${hex(name, 32)}.gr7.${r}.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from(`offline CA of ${clusterName}`).toString("base64") },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${r}.amazonaws.com/id/${hex(name, 32)}` }] }],
        vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${hex(name, 17).toLowerCase()}` },
      };
    }
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return { arn: `arn:aws:iam::${OFFLINE_AWS_ACCOUNT}:oidc-provider/${(text(inputs.url) ?? name).replace(/^https:\/\//, "")}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${OFFLINE_AWS_ACCOUNT}:role/${text(inputs.name) ?? name}`, name: text(inputs.name) ?? name };
    case "aws:iam/policy:Policy":
      return { arn: `arn:aws:iam::${OFFLINE_AWS_ACCOUNT}:policy/${text(inputs.name) ?? name}` };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:${r}:${OFFLINE_AWS_ACCOUNT}:key/${id}`, keyId: id };
    case "aws:s3/bucket:Bucket": {
      const bucket = text(inputs.bucket) ?? name;
      return { arn: `arn:aws:s3:::${bucket}`, bucket, bucketRegionalDomainName: `${bucket}.s3.${r}.amazonaws.com` };
    }
    case "aws:ec2/launchTemplate:LaunchTemplate":
      // A new template's first version; node groups pin it.
      return {
        arn: `arn:aws:ec2:${r}:${OFFLINE_AWS_ACCOUNT}:launch-template/lt-${hex(name, 17).toLowerCase()}`,
        latestVersion: 1,
        defaultVersion: 1,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${r}:${OFFLINE_AWS_ACCOUNT}:log-group:${text(inputs.name) ?? name}` };
    default: {
      if (typeof inputs.arn === "string") return {};
      const { module, kind } = parts(type);
      return { arn: `arn:aws:${module}:${r}:${OFFLINE_AWS_ACCOUNT}:${kind}/${id}` };
    }
  }
}

/** Answers to the lookups AWS programs make before creating anything. */
export function awsCallResult(token: string, inputs: Record<string, unknown>, c: CloudContext): Record<string, unknown> | undefined {
  const r = region(c);
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: OFFLINE_AWS_ACCOUNT,
        arn: `arn:aws:iam::${OFFLINE_AWS_ACCOUNT}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: OFFLINE_AWS_ACCOUNT,
      };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
    case "aws:index/getRegion:getRegion":
      return { name: r, region: r, id: r, endpoint: `ec2.${r}.amazonaws.com`, description: r };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return {
        ...inputs,
        id: r,
        names: ["a", "b", "c"].map((s) => `${r}${s}`),
        zoneIds: [1, 2, 3].map((n) => `euw1-az${n}`),
      };
    default:
      return undefined;
  }
}
