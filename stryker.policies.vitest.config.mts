import { defineConfig } from "vitest/config";

// The tests `npm run mutation:policies` runs: the pack's, without the isolated-install test (it runs a copy of
// policies/ in a child process, so it sees no mutant, and npm install is slow).
export default defineConfig({
  test: {
    include: ["test/policies/**/*.test.ts"],
    exclude: ["test/policies/publishable.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
