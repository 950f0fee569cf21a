import { describe, expect, it } from "vitest";
import { noOpenEgress } from "../../../policies/network/no-open-egress";
import { invalidObjects } from "../../helpers/schema";
import { messages, namespace, violations } from "../helpers";
import { agentCnpSpec, ccnp, ciliumTenant, cnp, cnpObject, egressPolicy, namespaceDefaultDeny, tenant, withSpecs } from "./objects";

const FIX = "allow only the agent's declared peers, DNS servers and FQDN hosts.";
const open = (object: string, path: string, ports: string, peer: string) =>
  `${object} egress rule ${path} allows every address on ${ports} (${peer}); ${FIX}`;
const NP = 'NetworkPolicy "wide" in namespace "team-a"';
const CNP = 'CiliumNetworkPolicy "coder" in namespace "team-a"';

describe("agentcloud-network-no-open-egress", () => {
  it("passes the policies agentcloud derives: namespace default deny, an agent's CiliumNetworkPolicy", async () => {
    const regs = [ciliumTenant("team-a"), namespaceDefaultDeny("team-a"), cnp("coder", "team-a", agentCnpSpec("coder"))];
    expect(await messages(noOpenEgress, regs)).toEqual([]);
    expect(await invalidObjects([cnpObject("coder", "team-a", agentCnpSpec("coder"))])).toEqual([]);
  });

  it("flags ipBlock 0.0.0.0/0 and ::/0 (even with exceptions) and a NetworkPolicy egress rule without `to`, by rule and peer", async () => {
    const regs = [
      tenant("team-a"),
      egressPolicy("wide", "team-a", [
        { to: [{ podSelector: {} }, { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ protocol: "TCP", port: 443 }] },
        { to: [{ ipBlock: { cidr: "::/0" } }] },
        { ports: [{ protocol: "UDP", port: 53 }] },
        { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] },
      ]),
    ];
    const found = await violations([noOpenEgress], regs);
    expect(found.map((v) => v.message)).toEqual([
      open(NP, "spec.egress[0]", "port 443", "to[1].ipBlock.cidr 0.0.0.0/0"),
      open(NP, "spec.egress[1]", "all ports", "to[0].ipBlock.cidr ::/0"),
      open(NP, "spec.egress[2]", "port 53", 'no "to" peers'),
    ]);
    expect(found.map((v) => [v.urn, v.severity, v.enforcementLevel])[0]).toEqual([
      "urn:pulumi:test::test::kubernetes:networking.k8s.io/v1:NetworkPolicy::res-wide",
      "high",
      "mandatory",
    ]);
  });

  it("flags Cilium toCIDR, toCIDRSet, toEntities world and all, a pattern of *, and ports without a destination", async () => {
    const spec = {
      endpointSelector: {},
      egress: [
        { toCIDR: ["0.0.0.0/0"] },
        { toCIDRSet: [{ cidr: "10.0.0.0/8" }, { cidr: "::/0", except: ["fd00::/8"] }] },
        { toEntities: ["cluster", "world"] },
        { toEntities: ["all"] },
        { toFQDNs: [{ matchPattern: "*" }, { matchName: "api.github.com" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] },
        { toPorts: [{ ports: [{ port: "443", endPort: 445, protocol: "TCP" }, { port: "https" }] }] },
        { toEndpoints: [], toPorts: [{ ports: [{ port: "80" }] }] },
        {},
      ],
    };
    expect(await invalidObjects([cnpObject("coder", "team-a", spec)])).toEqual([]);
    expect(await messages(noOpenEgress, [tenant("team-a"), cnp("coder", "team-a", spec)])).toEqual([
      open(CNP, "spec.egress[0]", "all ports", "toCIDR[0] 0.0.0.0/0"),
      open(CNP, "spec.egress[1]", "all ports", "toCIDRSet[1].cidr ::/0"),
      open(CNP, "spec.egress[2]", "all ports", 'toEntities[1] "world"'),
      open(CNP, "spec.egress[3]", "all ports", 'toEntities[0] "all"'),
      open(CNP, "spec.egress[4]", "port 443", 'toFQDNs[0].matchPattern "*"'),
      open(CNP, "spec.egress[5]", 'ports 443-445, "https"', "no destination field, only toPorts or icmps"),
    ]);
  });

  it("judges every rule of a Cilium policy's specs, and clusterwide policies that may select tenant pods", async () => {
    const world = { egress: [{ toEntities: ["world"] }] };
    const regs = [
      tenant("team-a"),
      withSpecs(cnp("coder", "team-a", {}), [{ endpointSelector: {} }, { endpointSelector: {}, ...world }]),
      ccnp("everyone", { endpointSelector: {}, ...world }),
      ccnp("tenants", {
        endpointSelector: { matchLabels: { "k8s:io.cilium.k8s.namespace.labels.agentcloud.dev/tenant": "team-a" } },
        ...world,
      }),
      ccnp("agents", { endpointSelector: { matchExpressions: [{ key: "agentcloud.dev/agent", operator: "Exists" }] }, ...world }),
      ccnp("kube-dns", {
        endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s-app": "kube-dns" } },
        ...world,
      }),
      ccnp("not-tenants", {
        endpointSelector: {
          matchExpressions: [{ key: "k8s:io.cilium.k8s.namespace.labels.agentcloud.dev/tenant", operator: "DoesNotExist" }],
        },
        ...world,
      }),
      ccnp("nodes", { nodeSelector: {}, ...world }),
      cnp("elsewhere", "apps", { endpointSelector: {}, ...world }),
    ];
    const peer = 'toEntities[0] "world"';
    // The harness reports in policy, URN, message order.
    expect(await messages(noOpenEgress, regs)).toEqual([
      open('CiliumClusterwideNetworkPolicy "agents"', "spec.egress[0]", "all ports", peer),
      open('CiliumClusterwideNetworkPolicy "everyone"', "spec.egress[0]", "all ports", peer),
      open('CiliumClusterwideNetworkPolicy "tenants"', "spec.egress[0]", "all ports", peer),
      open(CNP, "specs[1].egress[0]", "all ports", peer),
    ]);
  });

  it("flags CIDRs of one rule that together cover every address, and not ranges that leave some out", async () => {
    const regs = [
      tenant("team-a"),
      egressPolicy("wide", "team-a", [
        { to: [{ ipBlock: { cidr: "0.0.0.0/1" } }, { ipBlock: { cidr: "128.0.0.0/1", except: ["169.254.0.0/16"] } }] },
        { to: [{ ipBlock: { cidr: "0.0.0.0/1" } }, { ipBlock: { cidr: "128.0.0.0/2" } }, { ipBlock: { cidr: "::/1" } }] },
      ]),
      cnp("coder", "team-a", { endpointSelector: {}, egress: [{ toCIDR: ["::/1", "8000::/1"], toPorts: [{ ports: [{ port: "443" }] }] }] }),
    ];
    expect(await messages(noOpenEgress, regs)).toEqual([
      open(CNP, "spec.egress[0]", "port 443", "toCIDR[0] ::/1, toCIDR[1] 8000::/1, together"),
      open(NP, "spec.egress[0]", "all ports", "to[0].ipBlock.cidr 0.0.0.0/1, to[1].ipBlock.cidr 128.0.0.0/1, together"),
    ]);
  });

  it("judges policies outside tenant namespaces that select the agent label, and ignores other namespaces' policies", async () => {
    const wide = [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }];
    const regs = [
      namespace("apps"),
      egressPolicy("agents", "apps", wide, { matchLabels: { "agentcloud.dev/agent": "coder" } }),
      egressPolicy("web", "apps", wide, { matchLabels: { app: "web" } }),
    ];
    expect(await messages(noOpenEgress, regs)).toEqual([
      open('NetworkPolicy "agents" in namespace "apps"', "spec.egress[0]", "all ports", "to[0].ipBlock.cidr 0.0.0.0/0"),
    ]);
  });

  it("is not applicable without policies that apply to agents", async () => {
    const result = await violations([noOpenEgress], [namespace("apps"), egressPolicy("web", "apps", [{}])]);
    expect(result).toEqual([]);
  });
});
