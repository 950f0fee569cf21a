#!/usr/bin/env node
// The agentcloud CLI. TypeScript sources (the CLI and the programs it plans) load through tsx.
"use strict";
require("tsx/cjs/api").register();
require("../cli/main.ts")
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((error) => { console.error(error); process.exitCode = 2; });
