import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../validation";
import { bindLateValues, registerObjects } from "../resources";
import { buildMcpGateway } from "./build";
import { renderGatewayConfig } from "./config";
import { gatewayA2aUrl, gatewayMcpUrl } from "./endpoint";
import { resolveMcpGateway } from "./resolve";
import type { McpGatewayArgs } from "./spec";
import { validateMcpGatewayArgs } from "./validate";

/** Arguments of {@link McpGateway}: the gateway's, and what its objects must wait for. */
export interface McpGatewayResourceArgs extends McpGatewayArgs {
  /**
   * Resources every object of the gateway is registered after, e.g. the fabric's Helm release that installs the
   * Cilium CRDs its CiliumNetworkPolicy needs.
   * @default [] (nothing outside the gateway)
   */
  after?: pulumi.Resource[];
  /**
   * Late-bound values by placeholder (`AgentCloudPlatform.lateBound`), e.g. the EKS OIDC issuer id inside
   * `authentication.issuer`: replaced in the registered objects and in `config`.
   * @default {} (every value known up front)
   */
  lateBound?: Record<string, pulumi.Input<string>>;
}

/**
 * The fleet's MCP and A2A gateway: the standalone agentgateway with a generated config, in its own Pod Security
 * `restricted` namespace, reached only by its callers and reaching only its servers, callees and the issuer's JWKS
 * (see `buildMcpGateway`). Validates every argument before any resource is registered. Pass the Kubernetes provider
 * in `opts`.
 */
export class McpGateway extends pulumi.ComponentResource {
  /** The gateway's namespace. */
  readonly namespaceName: pulumi.Output<string>;
  /** The gateway's Service (ClusterIP). */
  readonly serviceName: pulumi.Output<string>;
  /** The MCP URL agents with tool grants use (`AGENTCLOUD_MCP_URL`). */
  readonly mcpUrl: pulumi.Output<string>;
  /** The A2A base URL agents that delegate use (`AGENTCLOUD_A2A_URL`). */
  readonly a2aUrl: pulumi.Output<string>;
  /** The audience the agents' tokens must carry. */
  readonly audience: pulumi.Output<string>;
  /** The generated agentgateway config file (YAML). */
  readonly config: pulumi.Output<string>;

  constructor(name: string, args: McpGatewayResourceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { after = [], lateBound = {}, ...gatewayArgs } = args;
    throwIfProblems(`McpGateway "${name}"`, validateMcpGatewayArgs(gatewayArgs));
    super("agentcloud:kubernetes:McpGateway", name, {}, opts);
    const gw = resolveMcpGateway(gatewayArgs);
    const resources = registerObjects(name, bindLateValues(buildMcpGateway(gw), lateBound), this, after);
    // From the children, so whatever consumes an output also waits for the Service or the Deployment.
    const namespace = resources.get("namespace") as k8s.core.v1.Namespace;
    const service = resources.get("service") as k8s.core.v1.Service;
    const deployment = resources.get("deployment")!;
    const afterOf = <T>(resource: pulumi.Resource, value: T): pulumi.Output<T> => resource.urn.apply(() => value);
    this.namespaceName = namespace.metadata.name;
    this.serviceName = service.metadata.name;
    this.mcpUrl = afterOf(service, gatewayMcpUrl(gw));
    this.a2aUrl = afterOf(service, gatewayA2aUrl(gw));
    this.audience = afterOf(deployment, gw.audience);
    this.config = afterOf(resources.get("config")!, renderGatewayConfig(gw));
    this.registerOutputs({
      namespaceName: this.namespaceName,
      serviceName: this.serviceName,
      mcpUrl: this.mcpUrl,
      a2aUrl: this.a2aUrl,
      audience: this.audience,
      config: this.config,
    });
  }
}
