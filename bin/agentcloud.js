#!/usr/bin/env node
// The agentcloud CLI.
// - In this repository (cli/main.ts sits next to bin/): the TypeScript sources run through tsx, so edits take
//   effect without a build and a stale dist/ is never used.
// - In an installed package (no sources, only dist/): the built JavaScript runs; tsx is registered only when the
//   first TypeScript file is loaded (a program whose Pulumi.yaml says `typescript: true`), so JavaScript programs
//   never pay for it. tsx is agentcloud's own dependency: users' projects do not need it.
// Code that loads a program in a worker thread or child process must register tsx there itself for `.ts` files
// (`require("tsx/cjs/api").register()`); entry files are resolved relative to `__filename`, keeping its extension.
"use strict";
const { existsSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");

const sources = join(__dirname, "..", "cli", "main.ts");
let entry;
if (existsSync(sources)) {
  // The repository's tsconfig.json maps "agentcloud" to the sources (examples/ import it), whatever the cwd.
  process.env.TSX_TSCONFIG_PATH ??= join(__dirname, "..", "tsconfig.json");
  require("tsx/cjs/api").register();
  entry = sources;
} else {
  registerTsxOnFirstTypeScriptFile();
  entry = join(__dirname, "..", "dist", "cli", "main.js");
}

require(entry)
  .main(process.argv.slice(2))
  // Exit explicitly: the Pulumi runtime may hold handles open after the plan is done.
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error);
    process.exit(2);
  });

/** Until a `.ts` file is required, `.ts` is only a placeholder extension; then tsx takes over the loaders. */
function registerTsxOnFirstTypeScriptFile() {
  const extensions = Module._extensions;
  if (extensions[".ts"]) return;
  extensions[".ts"] = function loadWithTsx(module, filename) {
    delete extensions[".ts"];
    require("tsx/cjs/api").register();
    return extensions[".ts"](module, filename);
  };
}
