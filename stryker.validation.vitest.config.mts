import { defineConfig } from "vitest/config";

// The tests `npm run mutation:validation` runs: the validation's own, and the tests of each component's validation.
export default defineConfig({
  test: {
    include: [
      "test/components/validation/**/*.test.ts",
      "test/components/kubernetes/agent/validate*.test.ts",
      "test/components/kubernetes/*/validate*.test.ts",
      "test/components/kubernetes/agent-namespace/agent-namespace.test.ts",
      "test/components/kubernetes/sandbox-runtimes/sandbox-runtimes.test.ts",
      "test/components/kubernetes/agent-sandbox/build.test.ts",
      "test/components/kubernetes/priority-classes/priority-classes.test.ts",
      "test/components/kubernetes/agent/delegation.test.ts",
      "test/components/kubernetes/network.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
