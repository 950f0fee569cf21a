import Ajv from "ajv";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../cli/main";
import { lateBoundPlaceholder } from "../../components/blueprint/spec";
import { ArgumentError } from "../../components/validation";
import { UPSTREAM } from "../../components/vocabulary";
import { REFERENCE_BEDROCK_MODEL } from "../../stacks/agents";
import { AWS_CONFIG, awsStack } from "../../stacks/aws";
import { record, recordRejection, type Recorded } from "../helpers/pulumi";
import { invalidObjects, UPSTREAM_DIR } from "../helpers/schema";

const ROOT = resolve(__dirname, "../..");
/** The stack's own config file, as `pulumi up -s aws` reads it (the CLI's `agentcloud:policies` aside). */
const STACK_CONFIG = (parse(readFileSync(join(ROOT, "Pulumi.aws.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
const CONFIG = Object.fromEntries(Object.entries(STACK_CONFIG).filter(([k]) => k !== "agentcloud:policies"));
const ACCOUNT = "123456789012";
const CILIUM_SCHEMA = JSON.parse(
  readFileSync(join(UPSTREAM_DIR, "cilium", UPSTREAM.cilium.version, "values.schema.json"), "utf8"),
) as object;

let planned: Promise<Recorded> | undefined;
/** The stack planned once with Pulumi.aws.yaml (the assertions below only read it). */
function plan(): Promise<Recorded> {
  planned ??= record(() => awsStack().then(() => undefined), CONFIG);
  return planned;
}
const inputsOf = (rec: Recorded, type: string) => rec.ofType(type).map((r) => r.inputs);

describe("aws stack", () => {
  it("documents every config key in Pulumi.aws.yaml, with the defaults", () => {
    const documented = Object.keys(STACK_CONFIG).filter((k) => k.startsWith("agentcloud:") && k !== "agentcloud:policies");
    const commented = readFileSync(join(ROOT, "Pulumi.aws.yaml"), "utf8").includes("# agentcloud:gpuPool:");
    expect(commented).toBe(true);
    expect([...documented, "agentcloud:gpuPool"].sort()).toEqual(
      Object.keys(AWS_CONFIG)
        .map((k) => `agentcloud:${k}`)
        .sort(),
    );
    for (const [key, spec] of Object.entries(AWS_CONFIG)) {
      if (key === "gpuPool" || key === "availabilityZones") continue;
      expect([key, STACK_CONFIG[`agentcloud:${key}`]]).toEqual([key, spec.default]);
    }
  });

  it("plans the VPC, the cluster, the node pools, GPU sharing, the audit bucket and the fleet", async () => {
    const rec = await plan();
    expect(
      rec.registrations
        .filter((r) => r.type.startsWith("agentcloud:") && !r.parent?.includes("AgentCloud"))
        .map((r) => `${r.type} ${r.name}`),
    ).toEqual(
      expect.arrayContaining([
        "agentcloud:aws:AgentVpc agentcloud",
        "agentcloud:aws:EksAgentCluster agentcloud",
        "agentcloud:aws:EksGpuNodePool agentcloud-gpu",
        "agentcloud:aws:EksSandboxNodePool agentcloud-gvisor",
        "agentcloud:kubernetes:GpuSharing gpu-sharing",
        "agentcloud:aws:S3AuditBucket audit",
        "agentcloud:blueprint:AgentCloud agentcloud",
      ]),
    );
    expect(rec.ofType("agentcloud:aws:EksSandboxNodePool").map((r) => r.name)).toEqual(["agentcloud-gvisor"]);
    // research-assistant, the only agent with AWS permissions, gets a role of its own.
    expect(rec.ofType("agentcloud:aws:AgentIdentity").map((r) => r.name)).toEqual(["agent-agents-research-assistant"]);
    expect(
      rec
        .ofType("aws:ec2/subnet:Subnet")
        .map((s) => [s.name, s.inputs.availabilityZone, s.inputs.cidrBlock, s.inputs.mapPublicIpOnLaunch])
        .sort(),
    ).toEqual([
      ["agentcloud-private-eu-west-1a", "eu-west-1a", "10.0.0.0/19", false],
      ["agentcloud-private-eu-west-1b", "eu-west-1b", "10.0.32.0/19", false],
      ["agentcloud-private-eu-west-1c", "eu-west-1c", "10.0.64.0/19", false],
      ["agentcloud-public-eu-west-1a", "eu-west-1a", "10.0.224.0/24", false],
      ["agentcloud-public-eu-west-1b", "eu-west-1b", "10.0.225.0/24", false],
      ["agentcloud-public-eu-west-1c", "eu-west-1c", "10.0.226.0/24", false],
    ]);
  });

  it("the cluster: private endpoint, Secrets with a rotating customer key, all five logs, API auth, 1.35, no bootstrap add-ons", async () => {
    const [cluster] = inputsOf(await plan(), "aws:eks/cluster:Cluster");
    expect(cluster.name).toBe("agentcloud");
    expect(cluster.version).toBe("1.35");
    expect(cluster.vpcConfig).toEqual({
      subnetIds: ["agentcloud-private-eu-west-1a-id", "agentcloud-private-eu-west-1b-id", "agentcloud-private-eu-west-1c-id"],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
    expect(cluster.encryptionConfig).toEqual({
      provider: { keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/agentcloud-secrets-id` },
      resources: ["secrets"],
    });
    expect(cluster.enabledClusterLogTypes).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(cluster.accessConfig).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true });
    expect(cluster.bootstrapSelfManagedAddons).toBe(false);
    // Every symmetric key rotates; the receipt-signing key is Ed25519 (sign and verify), which KMS cannot rotate.
    const keys = (await plan()).ofType("aws:kms/key:Key");
    expect(
      keys.filter((k) => k.inputs.keyUsage === "SIGN_VERIFY").map((k) => [k.name, k.inputs.customerMasterKeySpec ?? k.inputs.keySpec]),
    ).toEqual([["audit-shipping-signing-key", "ECC_NIST_EDWARDS25519"]]);
    for (const key of keys.filter((k) => k.inputs.keyUsage !== "SIGN_VERIFY"))
      expect([key.name, key.inputs.enableKeyRotation]).toEqual([key.name, true]);
  });

  it("node groups: system, GPU and gVisor, in private subnets, each with a launch template requiring IMDSv2 with hop limit 1", async () => {
    const rec = await plan();
    const group = (name: string) => rec.ofType("aws:eks/nodeGroup:NodeGroup").find((r) => r.name === name)!.inputs;
    expect(
      rec
        .ofType("aws:eks/nodeGroup:NodeGroup")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["agentcloud-gpu-node-group", "agentcloud-gvisor-node-group", "agentcloud-system"]);
    const groups = ["agentcloud-system", "agentcloud-gpu-node-group", "agentcloud-gvisor-node-group"].map(group);
    expect(groups.map((g) => [g.amiType, g.instanceTypes, g.scalingConfig])).toEqual([
      ["AL2023_x86_64_STANDARD", ["m7i.large"], { minSize: 2, desiredSize: 2, maxSize: 3 }],
      ["AL2023_x86_64_NVIDIA", ["g6.xlarge"], { minSize: 0, desiredSize: 0, maxSize: 2 }],
      ["AL2023_x86_64_STANDARD", ["m7i.large"], { minSize: 1, desiredSize: 1, maxSize: 2 }],
    ]);
    for (const g of groups) {
      expect(g.subnetIds).toEqual([
        "agentcloud-private-eu-west-1a-id",
        "agentcloud-private-eu-west-1b-id",
        "agentcloud-private-eu-west-1c-id",
      ]);
      expect(g.nodeRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/agentcloud-node`);
    }
    expect(groups[1].taints).toEqual(expect.arrayContaining([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]));
    const templates = inputsOf(rec, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(templates).toHaveLength(3);
    for (const t of templates) {
      expect(t.metadataOptions).toEqual({
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      });
      for (const m of t.blockDeviceMappings as { ebs: Record<string, unknown> }[])
        expect(m.ebs).toMatchObject({ volumeType: "gp3", encrypted: "true" });
    }
  });

  it("add-ons and access: CoreDNS, kube-proxy, Pod Identity agent, EBS CSI; no vpc-cni; no admin entries unless configured", async () => {
    const rec = await plan();
    expect(
      inputsOf(rec, "aws:eks/addon:Addon")
        .map((a) => a.addonName)
        .sort(),
    ).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy"]);
    expect(rec.ofType("aws:eks/accessEntry:AccessEntry")).toEqual([]);
    const admins = await record(() => awsStack().then(() => undefined), {
      ...CONFIG,
      "agentcloud:admins": [`arn:aws:iam::${ACCOUNT}:role/platform-admin`],
      "agentcloud:endpointPublicAccessCidrs": ["203.0.113.0/24"],
    });
    expect(inputsOf(admins, "aws:eks/accessEntry:AccessEntry")).toEqual([
      {
        clusterName: "agentcloud",
        principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admin`,
        type: "STANDARD",
        tags: { "agentcloud.dev/stack": "test" },
      },
    ]);
    expect(inputsOf(admins, "aws:eks/cluster:Cluster")[0].vpcConfig).toMatchObject({
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  it("installs Cilium in ENI mode (values valid for the pinned chart), the device plugin and DCGM exporter, monitoring, the audit shipper", async () => {
    const rec = await plan();
    const releases = inputsOf(rec, "kubernetes:helm.sh/v3:Release");
    expect(releases.map((r) => r.chart).sort()).toEqual([
      "cilium",
      "dcgm-exporter",
      "kube-prometheus-stack",
      "nvidia-device-plugin",
      "oci://ghcr.io/fluent/helm-charts/fluent-bit",
    ]);
    const cilium = releases.find((r) => r.chart === "cilium")!;
    expect(cilium.version).toBe(UPSTREAM.cilium.version);
    const values = cilium.values as Record<string, unknown>;
    expect(values).toMatchObject({
      eni: { enabled: true },
      ipam: { mode: "eni" },
      routingMode: "native",
      egressMasqueradeInterfaces: "eth+",
      policyCIDRMatchMode: ["nodes"],
      encryption: { enabled: true, type: "wireguard" },
      l7Proxy: true,
      socketLB: { hostNamespaceOnly: true },
      kubeProxyReplacement: false,
    });
    const validate = new Ajv({ strict: false, allErrors: true }).compile(CILIUM_SCHEMA);
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  it("renders schema-valid Kubernetes objects: the fleet, a default encrypted gp3 StorageClass", async () => {
    const rec = await plan();
    expect(await invalidObjects(rec.objects())).toEqual([]);
    expect(rec.kind("StorageClass").map((s) => [s.metadata.name, (s as unknown as { parameters: unknown }).parameters])).toEqual([
      ["gp3", { type: "gp3", encrypted: "true" }],
    ]);
    expect(
      rec
        .kind("CiliumNetworkPolicy")
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["code-interpreter", "mcp-gateway", "memory-keeper", "research-assistant"]);
  });

  it("the gateway checks agents' tokens against the cluster's OIDC issuer, bound once the cluster exists", async () => {
    const rec = await plan();
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.name === "mcp-gateway") as unknown as { data: Record<string, string> };
    const text = configMap.data["agentgateway.yaml"];
    expect(text).not.toContain(lateBoundPlaceholder("eks-oidc-id"));
    const [cluster] = rec.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    const issuer = cluster.inputs.url as string;
    expect(issuer).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    const config = parse(text);
    expect(config.binds[0].listeners[0].routes[0].policies.jwtAuth).toEqual({
      mode: "strict",
      issuer,
      audiences: ["agentcloud-gateway"],
      jwks: { url: `${issuer}/keys` },
    });
    // The gateway reaches the issuer's keys by FQDN egress, and no other host of AWS.
    const gatewayPolicy = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "mcp-gateway")!;
    const fqdns = JSON.stringify(gatewayPolicy).match(/"matchName":"[^"]+"/g);
    expect(fqdns).toEqual(['"matchName":"mcp.deepwiki.com"', '"matchName":"oidc.eks.eu-west-1.amazonaws.com"']);
  });

  it("research-assistant (gVisor) gets IRSA: its role trusts only its ServiceAccount and allows only its Bedrock model", async () => {
    const rec = await plan();
    const role = rec.ofType("aws:iam/role:Role").find((r) => r.name === "agent-agents-research-assistant-role")!.inputs;
    const [provider] = rec.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    const issuer = (provider.inputs.url as string).replace(/^https:\/\//, "");
    expect(JSON.parse(role.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:agents:research-assistant", [`${issuer}:aud`]: "sts.amazonaws.com" },
          },
        },
      ],
    });
    const policy = rec.ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "agent-agents-research-assistant-policy")!.inputs;
    expect(JSON.parse(policy.policy as string).Statement).toEqual([
      { Sid: "Permission0", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [REFERENCE_BEDROCK_MODEL] },
    ]);
    const serviceAccount = rec.kind("ServiceAccount").find((s) => s.metadata.name === "research-assistant")!;
    expect(serviceAccount.metadata.annotations).toEqual({
      "eks.amazonaws.com/role-arn": `arn:aws:iam::${ACCOUNT}:role/${role.name as string}`,
      "eks.amazonaws.com/sts-regional-endpoints": "true",
    });
    const cilium = rec.kind("CiliumNetworkPolicy").find((p) => p.metadata.name === "research-assistant")!;
    expect(JSON.stringify(cilium)).toContain('{"matchName":"sts.eu-west-1.amazonaws.com"}');
    // memory-keeper has no AWS permissions: no annotation.
    expect(rec.kind("ServiceAccount").find((s) => s.metadata.name === "memory-keeper")!.metadata.annotations).toBeUndefined();
  });

  it("ships audit records to the locked bucket: the shipper's IRSA role on AgentCloud's pipeline, control-plane logs through Firehose", async () => {
    const rec = await plan();
    const bucket = `agentcloud-audit-${ACCOUNT}-eu-west-1`;
    expect(rec.ofType("agentcloud:aws:AwsAuditShipping").map((r) => r.name)).toEqual(["audit-shipping"]);
    expect(
      inputsOf(rec, "aws:s3/bucket:Bucket")
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([bucket, `agentcloud-audit-logs-${ACCOUNT}-eu-west-1`]);
    const shipper = inputsOf(rec, "kubernetes:helm.sh/v3:Release").find((r) => (r.chart as string).endsWith("/fluent-bit"))!;
    expect((shipper.values as Record<string, unknown>).serviceAccount).toEqual({
      create: true,
      name: "agentcloud-audit-shipper",
      annotations: { "eks.amazonaws.com/role-arn": `arn:aws:iam::${ACCOUNT}:role/agentcloud-audit-shipper` },
    });
    const shipperRole = rec.ofType("aws:iam/role:Role").find((r) => r.inputs.name === "agentcloud-audit-shipper")!;
    expect(JSON.parse(shipperRole.inputs.assumeRolePolicy as string).Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    const [subscription] = inputsOf(rec, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    expect(subscription.logGroup).toBe("/aws/eks/agentcloud/cluster");
  });

  it("without egress: VPC endpoints instead of NAT, the gateway reads the JWKS from the API server, gVisor needs a mirror or an AMI", async () => {
    const { error } = await recordRejection(() => awsStack(), { ...CONFIG, "agentcloud:egress": "none" });
    expect((error as ArgumentError).problems).toEqual([
      {
        argument: "agentcloud:gvisorPool.gvisor",
        value: undefined,
        problem: "downloads gVisor from storage.googleapis.com at boot, which egress none cannot reach",
        fix: "give gvisor.imageId (an AMI with runsc) or gvisor.baseUrl (a mirror reached through the S3 gateway endpoint), or set agentcloud:egress to nat",
      },
    ]);
    const rec = await record(() => awsStack().then(() => undefined), {
      ...CONFIG,
      "agentcloud:egress": "none",
      "agentcloud:gvisorPool": { gvisor: { imageId: "ami-0123456789abcdef0" } },
    });
    expect(rec.ofType("aws:ec2/natGateway:NatGateway")).toEqual([]);
    expect(rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).toHaveLength(8);
    const configMap = rec.kind("ConfigMap").find((c) => c.metadata.name === "mcp-gateway") as unknown as { data: Record<string, string> };
    const jwtAuth = parse(configMap.data["agentgateway.yaml"]).binds[0].listeners[0].routes[0].policies.jwtAuth;
    expect(jwtAuth.issuer).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(jwtAuth.jwks).toEqual({ url: "https://kubernetes.default.svc.cluster.local/openid/v1/jwks" });
  });

  it("the audit bucket locks records for agentcloud:auditRetentionDays in COMPLIANCE mode", async () => {
    const rec = await record(() => awsStack().then(() => undefined), { ...CONFIG, "agentcloud:auditRetentionDays": 400 });
    const [lock] = inputsOf(rec, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    expect(lock.bucket).toBe(`agentcloud-audit-${ACCOUNT}-eu-west-1`);
    expect(JSON.stringify(lock)).toContain('"mode":"COMPLIANCE"');
    expect(JSON.stringify(lock)).toContain('"days":400');
  });

  it("drops the GPU pool and GPU sharing with agentcloud:gpuPool false", async () => {
    const rec = await record(() => awsStack().then(() => undefined), { ...CONFIG, "agentcloud:gpuPool": false });
    expect(rec.ofType("agentcloud:aws:EksGpuNodePool")).toEqual([]);
    expect(rec.ofType("agentcloud:kubernetes:GpuSharing")).toEqual([]);
    expect(
      inputsOf(rec, "kubernetes:helm.sh/v3:Release")
        .map((r) => r.chart)
        .sort(),
    ).toEqual(["cilium", "kube-prometheus-stack", "oci://ghcr.io/fluent/helm-charts/fluent-bit"]);
  });

  it("rejects a Kata pool the fleet would not use, before creating anything (the reference fleet runs under gVisor)", async () => {
    const { error, rec } = await recordRejection(() => awsStack(), {
      ...CONFIG,
      "agentcloud:kataPool": { instanceTypes: ["c8i.2xlarge"] },
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems).toEqual([
      {
        argument: "agentcloud:kataPool",
        value: true,
        problem: "installs Kata, but no agent runs under a Kata runtime the platform does not already provide",
        fix: "set agentcloud:kataPool to false, or run an agent of the fleet under a Kata runtime",
      },
    ]);
    expect(rec.registrations).toEqual([]);
  });

  it("rejects bad config with every key named, before creating anything: no zones, public 0.0.0.0/0, overlapping CIDRs, short retention, pools", async () => {
    const { error, rec } = await recordRejection(() => awsStack(), {
      ...CONFIG,
      "agentcloud:availabilityZones": [],
      "agentcloud:endpointPublicAccessCidrs": ["0.0.0.0/0"],
      "agentcloud:vpcCidr": "172.20.0.0/16",
      "agentcloud:auditRetentionDays": 30,
      "agentcloud:gpuPool": { instanceTypes: ["m7i.large"] },
      "agentcloud:kataPool": { instanceTypes: ["m7i.large"] },
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => [p.argument, p.problem])).toEqual([
      ["agentcloud:availabilityZones", "must list at least one availability zone (EKS needs subnets in two)"],
      [
        "agentcloud:endpointPublicAccessCidrs[0]",
        "opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2)",
      ],
      ["agentcloud:serviceCidr", "overlaps the VPC's block 172.20.0.0/16"],
      ["agentcloud:gpuPool.instanceTypes[0]", expect.stringContaining("GPU")],
      [
        "agentcloud:kataPool.instanceTypes[0]",
        "has no /dev/kvm, which Kata Containers needs: it is neither bare metal nor a type AWS offers nested virtualisation on",
      ],
      ["agentcloud:auditRetentionDays", "must be at least 90 days"],
    ]);
    expect(rec.registrations).toEqual([]);
  });

  it("rejects an audit retention above what S3 Object Lock takes", async () => {
    const { error } = await recordRejection(() => awsStack(), { ...CONFIG, "agentcloud:auditRetentionDays": 40000 });
    expect((error as ArgumentError).problems.map((p) => p.argument)).toEqual(["agentcloud:auditRetentionDays"]);
  });

  it("rejects a missing aws:region and a single zone, without judging the zones against a region it does not know", async () => {
    const withoutRegion = Object.fromEntries(Object.entries(CONFIG).filter(([k]) => k !== "aws:region"));
    const { error } = await recordRejection(() => awsStack(), { ...withoutRegion, "agentcloud:availabilityZones": ["us-east-2a"] });
    expect((error as ArgumentError).problems.map((p) => [p.argument, p.problem])).toEqual([
      ["aws:region", "must be set (the region of every resource)"],
      [
        "agentcloud:availabilityZones",
        "must list at least two availability zones (EKS places its control-plane ENIs in subnets of two zones or more)",
      ],
    ]);
  });

  it("the plan CLI exits 2 on bad config, naming the key, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "agentcloud-aws-"));
    try {
      writeFileSync(join(dir, "Pulumi.yaml"), `name: agentcloud\nruntime: nodejs\nmain: ${join(ROOT, "stacks")}/\n`);
      writeFileSync(
        join(dir, "Pulumi.aws.yaml"),
        "config:\n  aws:region: eu-west-1\n  agentcloud:availabilityZones: [eu-west-1a, eu-west-1b]\n  agentcloud:endpointPublicAccessCidrs: [0.0.0.0/0]\n",
      );
      const lines: string[] = [];
      const code = await main(["plan", "--stack", "aws", "--dir", dir], (l) => lines.push(l));
      expect(code).toBe(2);
      expect(lines.join("\n")).toContain(
        `agentcloud:endpointPublicAccessCidrs[0]: opens the cluster's public API endpoint to every address on the internet (CIS Amazon EKS Benchmark 5.4.2) (got "0.0.0.0/0")`,
      );
      expect(lines.join("\n")).toContain("nothing was written");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
