import { defineConfig } from "vitest/config";

// The tests `npm run mutation:policies` runs: the pack's, without the isolated-install and end-to-end plan tests
// (they run policies in child processes, which see no mutant, and are slow).
export default defineConfig({
  test: {
    include: ["test/policies/**/*.test.ts"],
    exclude: ["test/policies/publishable.test.ts", "test/policies/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
