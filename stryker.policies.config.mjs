// Mutation testing of the CrossGuard pack: every file under policies/ except the pack entry point.
// `npm run mutation:policies`; not part of `npm test`. Reports: .stryker-tmp/reports/policies.{html,json}.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "stryker.policies.vitest.config.mts", related: false },
  // index.ts only constructs the PolicyPack (which starts a gRPC server); all.ts is a list.
  mutate: ["policies/**/*.ts", "!policies/index.ts", "!policies/all.ts"],
  coverageAnalysis: "perTest",
  // Static mutants (module-level tables, regexes and policy metadata) need the whole suite per mutant, which the shared
  // 2-core machine cannot afford in one run; set STRYKER_STATIC=1 to include them (e.g. with --mutate for one file).
  ignoreStatic: process.env.STRYKER_STATIC !== "1",
  // Two cores shared with other work.
  concurrency: 1,
  timeoutMS: 30_000,
  tempDirName: ".stryker-tmp/policies",
  ignorePatterns: ["out", "dist", "docs", "examples/scale", ".stryker-tmp", "reports", "policies/node_modules"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: ".stryker-tmp/reports/policies.html" },
  jsonReporter: { fileName: ".stryker-tmp/reports/policies.json" },
  thresholds: { high: 90, low: 80, break: null },
};
