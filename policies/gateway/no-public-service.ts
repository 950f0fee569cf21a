import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { describeObject, isGatewayLabelled, objectsOf } from "../lib/gateway";
import { shownIfKnown } from "../lib/messages";
import { record, text } from "../lib/pod-templates";
import { GATEWAY, LABELS } from "../lib/vocabulary";

const SERVICE = { core: { Service: true } } as const;
const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/**
 * The gateway holds every tool grant of the fleet; only agents in the cluster call it. A NodePort, LoadBalancer or
 * external IP would put it on the nodes' or the internet's addresses, where network policies of the fleet do not decide.
 */
export const noPublicService: ResourceValidationPolicy = {
  name: "agentcloud-gateway-no-public-service",
  description:
    `Services labelled ${LABELS.component}: ${GATEWAY.component} (the MCP gateway's) must be of type ClusterIP (or leave ` +
    "type unset) and set no externalIPs, loadBalancerIP or nodePort.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: strictConfigSchema(),
  framework: owaspAgenticTop10("ASI02 Tool Misuse and Exploitation: the tool gateway is reachable only inside the cluster"),
  tags: ["owasp-agentic-top10:ASI02", "owasp-agentic-top10:ASI03", "nsa-cisa-k8s-hardening-1.2:network-separation"],
  remediationSteps:
    "Set the gateway Service's spec.type to ClusterIP (or remove it) and remove spec.externalIPs, spec.loadBalancerIP and " +
    "spec.ports[*].nodePort. Agents reach the gateway at http://<service>.<namespace>.svc.cluster.local:<port>; nothing " +
    "outside the cluster needs it.",
  validateResource: (args, report) => {
    const services = objectsOf(args, SERVICE).filter((s) => isGatewayLabelled(s.labels));
    if (services.length === 0) {
      return args.notApplicable(`Policy only applies to Services labelled ${LABELS.component}: ${GATEWAY.component}`);
    }
    for (const service of services) {
      const object = `${describeObject(service)} is the MCP gateway's and`;
      const spec = record(service.object.spec);
      const at = `${service.prefix}spec`;
      if (spec.type !== undefined && spec.type !== null && spec.type !== "ClusterIP") {
        report(`${object} sets ${at}.type to ${shownIfKnown(spec.type, SERVICE_TYPES, "a value")}; use ClusterIP.`);
      }
      if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
        report(`${object} sets ${at}.externalIPs, which exposes it on those addresses; remove them.`);
      }
      if (text(spec.loadBalancerIP) !== undefined) {
        report(`${object} sets ${at}.loadBalancerIP; remove it and use type ClusterIP.`);
      }
      (Array.isArray(spec.ports) ? (spec.ports as unknown[]) : []).forEach((port, i) => {
        const nodePort = record(port).nodePort;
        if (nodePort !== undefined && nodePort !== null && nodePort !== 0) {
          report(`${object} sets ${at}.ports[${i}].nodePort, which opens it on every node; remove it and use type ClusterIP.`);
        }
      });
    }
  },
};
