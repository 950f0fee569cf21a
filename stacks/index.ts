import * as pulumi from "@pulumi/pulumi";
import { localStack } from "./local";

// One program, one reference stack per file; `pulumi up -s <stack>` (or `agentcloud plan --stack <stack>`) picks it.
const stacks: Record<string, () => Record<string, unknown>> = { local: localStack };

const stack = pulumi.getStack();
const build = stacks[stack];
if (!build) {
  throw new Error(`stack "${stack}" has no reference program; fix: use one of ${Object.keys(stacks).join(", ")} or add stacks/${stack}.ts`);
}
export = build();
