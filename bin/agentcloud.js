#!/usr/bin/env node
// The agentcloud CLI. TypeScript sources (the CLI and the programs it plans) load through tsx.
"use strict";
require("tsx/cjs/api").register();
require("../cli/main.ts")
  .main(process.argv.slice(2))
  // Exit explicitly: the Pulumi runtime may hold handles open after the plan is done.
  .then((code) => process.exit(code))
  .catch((error) => { console.error(error); process.exit(2); });
