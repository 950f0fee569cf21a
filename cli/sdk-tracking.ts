// The Pulumi SDK tracks every promise it creates for a real engine's benefit: `debuggablePromise` (some 30 per
// resource) records a stack trace (mapped through source maps under tsx), chains two more promises and keeps the
// promise in a set, to list promises still pending when the process exits; `Resource` captures its callsite for the
// engine's source positions. Together about a third of a large plan's time and a tenth of its memory. The plan
// reports programs that never settle itself (cli/supervise.ts) and the mock engine ignores source positions, so
// plans skip both; errors thrown by programs keep their full stacks.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
  debugPromiseLeaks: boolean;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resource = require("@pulumi/pulumi/resource") as { Resource: { callsites(): unknown[] } };

let installed = false;

/**
 * Turns off the SDK's promise tracking (unless `PULUMI_DEBUG_PROMISE_LEAKS` is set, to debug a program with it)
 * and its resource callsite capture. Idempotent; for the mock runtime only.
 */
export function skipSdkTracking(): void {
  if (installed) return;
  installed = true;
  if (!debuggable.debugPromiseLeaks) debuggable.debuggablePromise = (p) => p;
  resource.Resource.callsites = () => [];
}
