import type { CloudPermission } from "../../kubernetes/agent/spec";
import { awsClusterArn, IRSA_AUDIENCE, POD_IDENTITY_PRINCIPAL } from "./binding";
import type { AwsIdentityBindingArgs } from "./spec";

/** An IAM policy document's version. */
export const IAM_POLICY_VERSION = "2012-10-17";
/** Longest inline policy of a role (IAM quotas: 10,240 characters, whitespace not counted). */
export const MAX_ROLE_INLINE_POLICY = 10240;
/** The inline policy's name on every agent role. */
export const AGENT_POLICY_NAME = "agentcloud-agent-permissions";

/** The OIDC issuer as IAM condition keys name it: the provider ARN after `oidc-provider/` (`oidc.eks.<region>.amazonaws.com/id/<ID>`). */
export function oidcIssuerOf(oidcProviderArn: string): string {
  const at = oidcProviderArn.indexOf(":oidc-provider/");
  if (at < 0) throw new Error(`not an IAM OIDC provider ARN: ${oidcProviderArn}`);
  return oidcProviderArn.slice(at + ":oidc-provider/".length);
}

/**
 * IRSA trust: the cluster's OIDC provider, `sts:AssumeRoleWithWebIdentity`, only for the token of this one
 * ServiceAccount with the STS audience (Amazon EKS User Guide, "Assign IAM roles to Kubernetes service accounts").
 */
export function irsaTrustPolicy(oidcProviderArn: string, namespace: string, serviceAccount: string): string {
  const issuer = oidcIssuerOf(oidcProviderArn);
  return JSON.stringify({
    Version: IAM_POLICY_VERSION,
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${issuer}:aud`]: IRSA_AUDIENCE },
        },
      },
    ],
  });
}

/**
 * EKS Pod Identity trust: `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, held to this cluster,
 * namespace and ServiceAccount by the session tags Pod Identity sets (Amazon EKS User Guide, "Create IAM role with
 * trust policy required by EKS Pod Identity": `aws:RequestTag/kubernetes-namespace`, `.../kubernetes-service-account`;
 * `eks-cluster-arn` is one of the tags it lists). Without these any association in the account could use the role.
 */
export function podIdentityTrustPolicy(binding: AwsIdentityBindingArgs, namespace: string, serviceAccount: string): string {
  return JSON.stringify({
    Version: IAM_POLICY_VERSION,
    Statement: [
      {
        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:RequestTag/eks-cluster-arn": awsClusterArn(binding),
            "aws:RequestTag/kubernetes-namespace": namespace,
            "aws:RequestTag/kubernetes-service-account": serviceAccount,
          },
        },
      },
    ],
  });
}

/** The role's inline policy: one Allow statement per declared permission, exactly its actions and resources. */
export function agentPermissionsPolicy(permissions: readonly CloudPermission[]): string {
  return JSON.stringify({
    Version: IAM_POLICY_VERSION,
    Statement: permissions.map((p, i) => ({ Sid: `Permission${i}`, Effect: "Allow", Action: [...p.actions], Resource: [...p.resources] })),
  });
}
