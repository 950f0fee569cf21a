import { describe, expect, it } from "vitest";
import { noMetadataEgress } from "../../../policies/network/no-metadata-egress";
import { invalidObjects } from "../../helpers/schema";
import { messages, namespace, violations } from "../helpers";
import { agentCnpSpec, ccnp, ciliumTenant, cnp, cnpObject, egressPolicy, namespaceDefaultDeny, tenant } from "./objects";

const FIX =
  "agent pods must not reach instance metadata or node services: narrow the destination or except the link-local " +
  "range, and list an identity endpoint the platform needs in identityEndpoints.";
const reach = (object: string, path: string, what: string, ports: string, peer: string) =>
  `${object} egress rule ${path} allows ${what} on ${ports} (${peer}); ${FIX}`;
const NP = 'NetworkPolicy "meta" in namespace "team-a"';
const CNP = 'CiliumNetworkPolicy "coder" in namespace "team-a"';
const IMDS = "the instance metadata address 169.254.169.254";
const LINK_LOCAL = "link-local addresses in 169.254.0.0/16";
const EKS = { identityEndpoints: ["169.254.170.23:80", "[fd00:ec2::23]:80"] };

describe("agentcloud-network-no-metadata-egress", () => {
  it("passes agentcloud's policies, DNS-only rules to link-local resolvers, and configured identity endpoints", async () => {
    const regs = [
      ciliumTenant("team-a"),
      namespaceDefaultDeny("team-a"),
      cnp("coder", "team-a", agentCnpSpec("coder")),
      egressPolicy("dns", "team-a", [
        {
          to: [{ ipBlock: { cidr: "169.254.169.254/32" } }, { ipBlock: { cidr: "169.254.20.10/32" } }],
          ports: [{ protocol: "UDP", port: 53 }],
        },
        { ports: [{ protocol: "TCP", port: 53, endPort: 53 }] },
      ]),
      egressPolicy("pod-identity", "team-a", [
        {
          to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }],
          ports: [{ protocol: "TCP", port: 80 }],
        },
      ]),
      cnp("identity", "team-a", {
        endpointSelector: {},
        egress: [{ toCIDR: ["169.254.170.23/32"], toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }] }],
      }),
      egressPolicy("private", "team-a", [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "TCP", port: 443 }] }]),
    ];
    expect(await messages(noMetadataEgress, regs, { "agentcloud-network-no-metadata-egress": EKS })).toEqual([]);
  });

  it("flags an identity endpoint that is not configured, or on another port", async () => {
    const regs = [
      tenant("team-a"),
      egressPolicy("meta", "team-a", [
        { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
        { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 8080 }] },
      ]),
    ];
    const ownAddress = `${LINK_LOCAL} (169.254.170.23)`;
    expect(await messages(noMetadataEgress, regs)).toEqual([
      reach(NP, "spec.egress[0]", ownAddress, "port 80", "to[0].ipBlock.cidr 169.254.170.23/32"),
      reach(NP, "spec.egress[1]", ownAddress, "port 8080", "to[0].ipBlock.cidr 169.254.170.23/32"),
    ]);
    expect(await messages(noMetadataEgress, regs, { "agentcloud-network-no-metadata-egress": EKS })).toEqual([
      reach(NP, "spec.egress[1]", ownAddress, "port 8080", "to[0].ipBlock.cidr 169.254.170.23/32"),
    ]);
  });

  it("flags NetworkPolicy ipBlocks holding metadata (not excepted), rules with no `to`, and names the address", async () => {
    const regs = [
      tenant("team-a"),
      egressPolicy("meta", "team-a", [
        { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.0.0/16", "100.100.100.200/32"] } }] },
        { to: [{ ipBlock: { cidr: "169.254.0.0/16", except: ["169.254.169.254/32"] } }], ports: [{ port: 443 }, { port: 53 }] },
        { to: [{ ipBlock: { cidr: "fd00:ec2::254/128" } }] },
        { to: [{ ipBlock: { cidr: "::/0", except: ["fe80::/10"] } }] },
        { ports: [{ protocol: "TCP", port: 80 }] },
      ]),
    ];
    const found = await violations([noMetadataEgress], regs);
    expect(found.map((v) => v.message)).toEqual([
      reach(NP, "spec.egress[0]", IMDS, "port 80", "to[0].ipBlock.cidr 169.254.169.254/32"),
      reach(NP, "spec.egress[1]", IMDS, "all ports", "to[0].ipBlock.cidr 0.0.0.0/0"),
      reach(NP, "spec.egress[3]", LINK_LOCAL, "ports 443, 53", "to[0].ipBlock.cidr 169.254.0.0/16"),
      reach(NP, "spec.egress[4]", "the instance metadata address fd00:ec2::254", "all ports", "to[0].ipBlock.cidr fd00:ec2::254/128"),
      reach(NP, "spec.egress[5]", "the instance metadata address fd00:ec2::254", "all ports", "to[0].ipBlock.cidr ::/0"),
      reach(NP, "spec.egress[6]", IMDS, "port 80", 'no "to" peers'),
    ]);
    expect(found.map((v) => [v.severity, v.enforcementLevel])[0]).toEqual(["critical", "mandatory"]);
  });

  it("flags Cilium CIDRs, world and node entities, toNodes, metadata FQDNs, and honours the rule's own egressDeny", async () => {
    const spec = {
      endpointSelector: {},
      egress: [
        {
          toCIDRSet: [{ cidr: "169.254.0.0/16", except: ["169.254.169.254/32"] }],
          toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }],
        },
        { toCIDR: ["100.100.100.200/32"] },
        { toEntities: ["world"] },
        { toEntities: ["host"], toPorts: [{ ports: [{ port: "10250", protocol: "TCP" }] }] },
        { toNodes: [{}] },
        { toFQDNs: [{ matchName: "Metadata.Google.Internal." }, { matchPattern: "*.ec2.internal" }, { matchPattern: "*.github.com" }] },
        { toFQDNs: [{ matchName: "metadata.goog" }], toPorts: [{ ports: [{ port: "53", protocol: "ANY" }] }] },
      ],
    };
    expect(await invalidObjects([cnpObject("coder", "team-a", spec)])).toEqual([]);
    expect(await messages(noMetadataEgress, [tenant("team-a"), cnp("coder", "team-a", spec)])).toEqual([
      reach(CNP, "spec.egress[0]", LINK_LOCAL, "port 80", "toCIDRSet[0].cidr 169.254.0.0/16"),
      reach(CNP, "spec.egress[1]", "the instance metadata address 100.100.100.200", "all ports", "toCIDR[0] 100.100.100.200/32"),
      reach(CNP, "spec.egress[2]", IMDS, "all ports", 'toEntities[0] "world"'),
      reach(
        CNP,
        "spec.egress[3]",
        "the node network (where node-local metadata and identity agents listen)",
        "port 10250",
        'toEntities[0] "host"',
      ),
      reach(CNP, "spec.egress[4]", "the node network (where node-local metadata and identity agents listen)", "all ports", "toNodes"),
      // Same policy and URN: the harness orders by message.
      reach(CNP, "spec.egress[5]", "the metadata host instance-data.ec2.internal", "all ports", 'toFQDNs[1].matchPattern "*.ec2.internal"'),
      reach(
        CNP,
        "spec.egress[5]",
        "the metadata host metadata.google.internal",
        "all ports",
        'toFQDNs[0].matchName "Metadata.Google.Internal."',
      ),
    ]);
    const denied = {
      ...spec,
      egress: spec.egress.slice(0, 3),
      egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }, { cidr: "100.100.100.0/24" }] }],
    };
    expect(await messages(noMetadataEgress, [tenant("team-a"), cnp("coder", "team-a", denied)])).toEqual([
      reach(CNP, "spec.egress[2]", "the instance metadata address fd00:ec2::254", "all ports", 'toEntities[0] "world"'),
    ]);
  });

  it("judges clusterwide policies that may select tenant pods, and is not applicable to other namespaces", async () => {
    const world = { egress: [{ toCIDR: ["169.254.169.254/32"] }] };
    const regs = [
      tenant("team-a"),
      ccnp("all", { endpointSelector: {}, ...world }),
      ccnp("system", { endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system" } }, ...world }),
    ];
    expect(await messages(noMetadataEgress, regs)).toEqual([
      reach('CiliumClusterwideNetworkPolicy "all"', "spec.egress[0]", IMDS, "all ports", "toCIDR[0] 169.254.169.254/32"),
    ]);
    expect(await messages(noMetadataEgress, [namespace("apps"), egressPolicy("meta", "apps", [{}])])).toEqual([]);
  });

  it("ignores malformed identity endpoints and accepts a strict config", async () => {
    const regs = [
      tenant("team-a"),
      egressPolicy("meta", "team-a", [{ to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ port: 80 }] }]),
    ];
    const config = {
      "agentcloud-network-no-metadata-egress": { identityEndpoints: ["169.254.170.23", "[zz]:80", "169.254.170.23:99999"] },
    };
    expect(await messages(noMetadataEgress, regs, config)).toEqual([
      reach(
        'NetworkPolicy "meta" in namespace "team-a"',
        "spec.egress[0]",
        `${LINK_LOCAL} (169.254.170.23)`,
        "port 80",
        "to[0].ipBlock.cidr 169.254.170.23/32",
      ),
    ]);
    expect(noMetadataEgress.configSchema).toEqual({
      type: "object",
      additionalProperties: false,
      properties: {
        identityEndpoints: {
          type: "array",
          items: { type: "string", minLength: 1, pattern: "^([0-9.]+|\\[[0-9a-fA-F:.]+\\]):[0-9]{1,5}$" },
          uniqueItems: true,
          default: [],
          description:
            'address:port pairs the platform\'s workload identity needs, e.g. ["169.254.170.23:80"] for EKS Pod Identity ' +
            '(IPv6 in brackets: "[fd00:ec2::23]:80"); agents may reach exactly these.',
        },
      },
    });
  });
});
