import { defineConfig } from "vitest/config";

// The tests `npm run mutation:validation` runs: the validation's own, the Agent's validation tests, and
// test/components/validation/component-specs.test.ts for every other component's validation function. All pure
// (no Pulumi runtime, no schema compilation), so each mutant runs in well under a second.
export default defineConfig({
  test: {
    include: [
      "test/components/validation/**/*.test.ts",
      "test/components/kubernetes/agent/validate*.test.ts",
      "test/components/kubernetes/network.test.ts",
    ],
    testTimeout: 60_000,
    // Pure tests share no state, so one module graph serves every file: five times faster per mutant.
    isolate: false,
  },
});
