/** The settings of agentcloud's synth-time gate. */
export interface AgentcloudGateProps {
  /**
   * Days an audit bucket's default Object Lock retention (COMPLIANCE mode) must lock records for at least; the same
   * setting as the Pulumi pack's `agentcloud-aws-audit-bucket` `minimumRetentionDays`.
   * @default 90
   */
  readonly minimumRetentionDays?: number;
  /**
   * RuntimeClass names accepted as sandboxes besides agentcloud's (gvisor, kata-qemu, kata-clh, kata-fc), e.g. a
   * site-specific gVisor class; the same setting as the pack's `additionalRuntimeClasses`.
   * @default [] (only the sandbox runtimes agentcloud knows)
   */
  readonly additionalRuntimeClasses?: string[];
}

/** The gate's rule ids: the Pulumi pack's policy names for the same rules. */
export const GATE_RULES = {
  /** Agent pods run under a sandbox RuntimeClass (or state why not). */
  sandboxRuntime: "agentcloud-sandbox-runtime-class-required",
  /** Audit buckets are locked in COMPLIANCE mode for at least the minimum retention. */
  auditBucket: "agentcloud-aws-audit-bucket",
  /** EKS clusters keep the private endpoint and no open public one. */
  privateEndpoint: "agentcloud-aws-eks-private-endpoint",
  /** Node launch templates require IMDSv2 with hop limit 1. */
  imdsv2: "agentcloud-aws-node-imdsv2",
  /** Agent roles hold no wildcard actions or resources unless acknowledged. */
  agentRoleNoWildcards: "agentcloud-aws-agent-role-no-wildcards",
} as const;

/** The name the plugin reports under (acknowledgement ids would be `agentcloud-gate::<rule>`; never acknowledge them). */
export const GATE_NAME = "agentcloud-gate";

/** One CloudFormation resource as a template holds it. */
export interface CfnResource {
  /** `AWS::EKS::Cluster`, `Custom::AWSCDK-EKS-KubernetesResource`, ... */
  readonly Type: string;
  /**
   * Its properties, intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Join`) unresolved.
   * @default - none: the resource type's defaults apply
   */
  readonly Properties?: Record<string, unknown>;
}

/** A synthesised CloudFormation template (the part the gate reads). */
export interface CfnTemplate {
  /**
   * Resources by logical id.
   * @default - none: the template has no resources to judge
   */
  readonly Resources?: Record<string, CfnResource>;
}

/** One violation the gate found. */
export interface GateFinding {
  /** The rule's id, one of `GATE_RULES`. */
  readonly rule: string;
  /** The violating resource's logical id. */
  readonly logicalId: string;
  /** Where in the resource, e.g. `Properties/ResourcesVpcConfig`. */
  readonly location: string;
  /** The whole message: the construct path, the resource type, what is wrong, and the fix. */
  readonly message: string;
  /** The fix alone. */
  readonly fix: string;
}

/** What a rule reports about one resource; the gate adds the construct path and resource type. */
export interface RuleFinding {
  /** The violating resource's logical id. */
  readonly logicalId: string;
  /** Where in the resource, e.g. `Properties/ResourcesVpcConfig`. */
  readonly location: string;
  /** What is wrong, as it follows the resource's name: `does not set ...`. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The settings every rule reads, defaults applied. */
export interface GateSettings {
  /** See {@link AgentcloudGateProps.minimumRetentionDays}. */
  readonly minimumRetentionDays: number;
  /** Every accepted sandbox RuntimeClass name: agentcloud's and the additional ones. */
  readonly sandboxRuntimes: readonly string[];
}
