import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import {
  AUTHENTICATORS,
  NOT_GATEWAY_CONFIG,
  authenticatorProblems,
  configOf,
  configRoutes,
  describeObject,
  findKeys,
  gatewayConfigMaps,
  routeAuthenticates,
  tcpRoutePaths,
} from "../lib/gateway";
import { isRecord } from "../lib/pod-templates";
import { GATEWAY, LABELS } from "../lib/vocabulary";

const FIX = "set mode: strict, the fleet's token issuer, the gateway's audience and the issuer's jwks";

/**
 * Every request through the gateway carries a valid token of the fleet: each route that forwards authenticates with
 * `jwtAuth` (mode strict; agentgateway's default is optional) or `mcpAuthentication` (strict by default), and no
 * authenticator anywhere in the config (listener, gateway, attached policy) is weaker.
 */
export const authentication: ResourceValidationPolicy = {
  name: "agentcloud-gateway-authentication",
  description:
    `The MCP gateway's config (ConfigMap labelled ${LABELS.component}: ${GATEWAY.component}, key ${GATEWAY.configKey}, ` +
    "agentgateway's standalone config) must authenticate every route that forwards requests (bind listener routes, " +
    "top-level routes, route groups, the mcp, llm and ui sections) with jwtAuth or mcpAuthentication, on the route or its " +
    "listener; every jwtAuth and mcpAuthentication in the file must be strict (jwtAuth's mode defaults to optional, which " +
    "lets requests without a token through) with an issuer, non-empty audiences and a JWKS (fetched over https when it is a URL); it must have no TCP routes " +
    "(no token authenticates them) and must parse.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI03 Identity and Privilege Abuse: every tool and agent call is authenticated as the calling agent"),
  tags: ["owasp-agentic-top10:ASI03", "owasp-agentic-top10:ASI02", "owasp-agentic-top10:ASI07"],
  remediationSteps:
    "On every route of the gateway's config set policies.jwtAuth: {mode: strict, issuer: <the cluster's ServiceAccount " +
    "token issuer>, audiences: [<the gateway's audience>], jwks: {url: <the issuer's JWKS URL>}} (or mcpAuthentication " +
    "with mode strict), and remove optional or permissive authenticators and TCP routes. agentcloud's McpGateway renders " +
    "this from the fleet's platform.tokenIssuer.",
  validateResource: (args, report) => {
    const maps = gatewayConfigMaps(args);
    if (maps.length === 0) return args.notApplicable(NOT_GATEWAY_CONFIG);
    for (const map of maps) {
      const object = describeObject(map);
      const parsed = configOf(map);
      if (!parsed.ok) {
        report(
          `${object}: ${GATEWAY.configKey} ${parsed.problem}, so its authentication cannot be checked (agentgateway would not ` +
            "load it either); render agentgateway's standalone config as YAML.",
        );
        continue;
      }
      for (const route of configRoutes(parsed.config)) {
        if (!route.forwards || routeAuthenticates(route)) continue;
        report(
          `${object}: ${GATEWAY.configKey} ${route.path} forwards requests without authenticating them; add ` +
            "policies.jwtAuth with mode: strict, the fleet's token issuer, the gateway's audience and the issuer's jwks.",
        );
      }
      for (const found of findKeys(parsed.config, AUTHENTICATORS)) {
        if (!isRecord(found.value)) continue;
        const problems = authenticatorProblems(found.key, found.value);
        if (problems.length === 0) continue;
        report(`${object}: ${GATEWAY.configKey} ${found.path} does not enforce the fleet's tokens: ${problems.join("; ")}; ${FIX}.`);
      }
      for (const path of tcpRoutePaths(parsed.config)) {
        report(
          `${object}: ${GATEWAY.configKey} ${path} is a TCP route, which no token authenticates; serve agents on HTTP routes ` +
            "with jwtAuth only.",
        );
      }
    }
  },
};
