import * as pulumi from "@pulumi/pulumi";

// One program, one reference stack per file; `pulumi up -s <stack>` (or `agentcloud plan --stack <stack>`) picks it.
// Loaded on demand, so a stack never loads another cloud's SDK.
/* eslint-disable @typescript-eslint/no-require-imports */
const stacks: Record<string, () => Record<string, unknown> | Promise<Record<string, unknown>>> = {
  local: () => (require("./local") as typeof import("./local")).localStack(),
  gcp: () => (require("./gcp") as typeof import("./gcp")).gcpStack(),
  aws: () => (require("./aws") as typeof import("./aws")).awsStack(),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const stack = pulumi.getStack();
const build = stacks[stack];
if (!build) {
  throw new Error(`stack "${stack}" has no reference program; fix: use one of ${Object.keys(stacks).join(", ")} or add stacks/${stack}.ts`);
}
export = build();
