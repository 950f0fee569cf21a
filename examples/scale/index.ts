// A synthetic fleet for benchmarking `agentcloud plan`: N agents over N/10 tenants, mixing deployment,
// statefulset and sandbox-pool agents that delegate to one another, declared through `AgentCloud` on the Cilium
// fabric with the monitoring stack on (AgentCloud's default: kube-prometheus-stack, its PodMonitors, alerts and
// dashboards: about twenty resources, plus one PodMonitor per tenant whose agents declare metrics, which these do
// not), as a company stack would. `npm run bench` plans it at
// several sizes.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AgentCloud, ciliumFabric } from "../../components";
import { fleet } from "./fleet";

const config = new pulumi.Config("scale");
const agents = config.getNumber("agents") ?? 100;
if (!Number.isInteger(agents) || agents < 1) {
  throw new Error(`scale:agents must be a whole number of at least 1 (got ${config.get("agents")}); fix: set scale:agents: 100`);
}

const provider = new k8s.Provider("cluster", { enableServerSideApply: true });
const { tenants, agents: declarations, tools } = fleet(agents);
new AgentCloud("scale", { platform: { provider, network: ciliumFabric() }, tenants, agents: declarations, tools });

export const tenantCount = Object.keys(tenants).length;
export const agentCount = agents;
