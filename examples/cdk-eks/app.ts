import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { agentcloudGate } from "../../components/cdk/gate";
import { AgentCloudStack } from "../../components/cdk/stack";
import { referenceFleet } from "../../stacks/agents";

// The reference fleet (the same agents as the Pulumi stacks) on EKS, synthesised offline: the account, region and
// availability zones come from cdk.json's context, so `npx cdk synth` needs no credentials and makes no lookup.
const app = new App();
const account = app.node.getContext("agentcloud:account") as string;
const region = app.node.getContext("agentcloud:region") as string;
new AgentCloudStack(app, "AgentCloud", {
  env: { account, region },
  ...referenceFleet(),
  availabilityZones: app.node.getContext(`availability-zones:account=${account}:region=${region}`) as string[],
});
// Synth fails on any finding of agentcloud's gate (never acknowledged) or of cdk-nag's AWS Solutions pack that is not
// acknowledged with its reason (AgentCloudStack acknowledges its own, each on the construct it concerns).
agentcloudGate(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
