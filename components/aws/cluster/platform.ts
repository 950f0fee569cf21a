import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { lateBoundPlaceholder, type AgentCloudPlatform, type IdentityBinding } from "../../blueprint/spec";
import type { GpuPlatform } from "../../kubernetes/agent/spec";
import { IN_CLUSTER_TOKEN_ISSUER, type TokenIssuer } from "../../kubernetes/mcp-gateway/spec";
import type { EksAgentCluster } from "./component";

/** Key of the late-bound EKS OIDC issuer id (`lateBoundPlaceholder(EKS_OIDC_ID)`). */
export const EKS_OIDC_ID = "eks-oidc-id";

/** What the other AWS parts add to the EKS platform. */
export interface EksPlatformExtras {
  /**
   * GPU nodes (`GpuSharing.gpuPlatform`).
   * @default - none: agents asking for GPU shares are rejected
   */
  gpu?: GpuPlatform;
  /**
   * How agents get AWS credentials (`awsIdentityBinding(...)`).
   * @default - none
   */
  identity?: IdentityBinding;
  /**
   * Install Kata Containers with kata-deploy (needs Kata sandbox nodes).
   * @default false
   */
  installKata?: boolean;
}

/**
 * The cluster's OIDC issuer as the gateway's token issuer, with the id part as a placeholder (it is known only once
 * the cluster exists): `https://oidc.eks.<region>.amazonaws.com/id/<id>`, keys at `<issuer>/keys` (EKS serves the
 * discovery document and JWKS there, "Create an IAM OIDC provider for your cluster"). That endpoint is public only, so
 * in a VPC without egress (`jwksInCluster`) the gateway reads the same keys from the API server's
 * `/openid/v1/jwks` (ServiceAccount issuer discovery), as on `local`.
 */
export function eksTokenIssuer(region: string, jwksInCluster = false): TokenIssuer {
  const issuer = `https://oidc.eks.${region}.amazonaws.com/id/${lateBoundPlaceholder(EKS_OIDC_ID)}`;
  return { issuer, jwks: jwksInCluster ? { ...IN_CLUSTER_TOKEN_ISSUER.jwks } : { url: `${issuer}/keys` } };
}

/** The platform `AgentCloud` takes on this cluster: its provider, Cilium fabric, token issuer and what `extras` add. */
export function eksAgentCloudPlatform(
  cluster: EksAgentCluster,
  extras: EksPlatformExtras = {},
): AgentCloudPlatform<k8s.Provider, pulumi.Input<string>> {
  return {
    provider: cluster.provider,
    name: "eks",
    network: cluster.networkFabric,
    tokenIssuer: eksTokenIssuer(cluster.region, cluster.egress === "none"),
    lateBound: { [lateBoundPlaceholder(EKS_OIDC_ID)]: cluster.oidcIssuerId },
    ...(extras.gpu && { gpu: extras.gpu }),
    ...(extras.identity && { identity: extras.identity }),
    ...(extras.installKata !== undefined && { installKata: extras.installKata }),
  };
}
