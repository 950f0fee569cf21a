// The Pulumi SDK captures a stack trace for every promise it tracks (`debuggablePromise`, some 30 per resource)
// and the callsite of every resource (for the engine's source positions). Under tsx each capture is mapped through
// source maps: a quarter of a large plan's time. The mock engine never uses either, so plans skip them; errors
// thrown by programs keep their full stacks.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
  debugPromiseLeaks: boolean;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resource = require("@pulumi/pulumi/resource") as { Resource: { callsites(): unknown[] } };

let installed = false;

/**
 * Stops the SDK from capturing stack traces it only needs to report to a real engine: promise debug stacks (kept
 * when `PULUMI_DEBUG_PROMISE_LEAKS` is set, which prints them) and resource callsites. Idempotent.
 */
export function skipSdkStackCapture(): void {
  if (installed) return;
  installed = true;
  if (!debuggable.debugPromiseLeaks) {
    const track = debuggable.debuggablePromise;
    // Same leak tracking as the SDK's; only the `new Error().stack` inside it records no frames.
    debuggable.debuggablePromise = (p, ctx) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return track(p, ctx);
      } finally {
        Error.stackTraceLimit = limit;
      }
    };
  }
  // No source positions: the mock engine ignores them.
  resource.Resource.callsites = () => [];
}
