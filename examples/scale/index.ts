// A synthetic fleet for benchmarking `agentcloud plan`: N agents over N/10 tenants, mixing deployment,
// statefulset and sandbox-pool agents that delegate to one another. `npm run bench` plans it at several sizes.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Agent, AgentNamespace, AgentSandboxController, PriorityClasses, SandboxRuntimes, type AgentArgs } from "../../components";
import { fleet } from "./fleet";

const config = new pulumi.Config("scale");
const agents = config.getNumber("agents") ?? 100;
if (!Number.isInteger(agents) || agents < 1) {
  throw new Error(`scale:agents must be a whole number of at least 1 (got ${config.get("agents")}); fix: set scale:agents: 100`);
}

const provider = new k8s.Provider("cluster", { enableServerSideApply: true });
const runtimes = new SandboxRuntimes("sandbox-runtimes", { installKata: false }, { provider });
const priorities = new PriorityClasses("priorities", {}, { provider });
const controller = new AgentSandboxController("agent-sandbox", {}, { provider });

const { tenants, declarations } = fleet(agents);
const namespaces = new Map(
  tenants.map((t) => [
    t,
    new AgentNamespace(
      t,
      {
        namespace: t,
        owner: `team-${t}`,
        costCentre: `cc-${t}`,
      },
      { provider },
    ),
  ]),
);
for (const [name, args] of Object.entries<AgentArgs>(declarations)) {
  new Agent(name, args, { provider, dependsOn: [namespaces.get(args.namespace)!, runtimes, priorities, controller] });
}

export const tenantCount = tenants.length;
export const agentCount = agents;
