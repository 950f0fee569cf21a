// Every custom resource gets one Output per property the moment it is constructed (`transferProperties`), each
// with a Proxy, a dozen closures and eight promises, all pending until its registration completes. A program
// constructs its whole fleet before any registration runs, so those pending Outputs are most of a large plan's
// peak memory, and most are never read (who reads a Deployment's `status` in a plan?). Plans create each
// property's Output when it is first read instead, settled with whatever the engine has answered by then.
import * as pulumi from "@pulumi/pulumi";

type Resolver = (value: unknown, isKnown: boolean, isSecret: boolean, deps?: pulumi.Resource[], err?: Error) => void;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  transferProperties(onto: pulumi.Resource, label: string, props: Record<string, unknown>): Record<string, Resolver>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const errors = require("@pulumi/pulumi/errors") as { isGrpcError(err: unknown): boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Output } = require("@pulumi/pulumi/output") as {
  Output: new (
    resources: pulumi.Resource,
    value: Promise<unknown>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<pulumi.Resource[]>,
  ) => pulumi.Output<unknown>;
};

interface Settlement {
  value: unknown;
  isKnown: boolean;
  isSecret: boolean;
  deps: pulumi.Resource[];
  err?: Error;
}

/** An Output like the SDK's own for a resource property, and the function that settles it. */
function propertyOutput(onto: pulumi.Resource): { output: pulumi.Output<unknown>; settle: (s: Settlement) => void } {
  const value = deferred();
  const isKnown = deferred<boolean>();
  const isSecret = deferred<boolean>();
  const deps = deferred<pulumi.Resource[]>();
  const output = new Output(onto, value.promise, isKnown.promise, isSecret.promise, deps.promise);
  const settle = (s: Settlement) => {
    if (s.err) {
      for (const d of [value, isKnown, isSecret, deps]) d.reject(s.err);
      return;
    }
    value.resolve(s.value);
    isKnown.resolve(s.isKnown);
    isSecret.resolve(s.isSecret);
    deps.resolve(s.deps);
  };
  return { output, settle };
}

function deferred<T = unknown>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let installed = false;

/**
 * Replaces the SDK's `transferProperties` with one that defines each property as a getter creating its Output on
 * first read: an Output read before the engine answered settles when it does, one read after is created settled.
 * Same checks, same resolver contract, same values. Idempotent; for the mock runtime only.
 */
export function lazyResourceOutputs(): void {
  if (installed) return;
  installed = true;
  rpc.transferProperties = (onto, label, props) => {
    const resolvers: Record<string, Resolver> = {};
    for (const k of Object.keys(props)) {
      // "id" and "urn" are handled by the SDK itself.
      if (k === "id" || k === "urn") continue;
      if (Object.prototype.hasOwnProperty.call(onto, k)) throw new Error(`Property '${k}' is already initialized on target '${label}`);
      let settled: Settlement | undefined;
      let output: pulumi.Output<unknown> | undefined;
      let settleOutput: ((s: Settlement) => void) | undefined;
      resolvers[k] = (value, isKnown, isSecret, deps = [], err) => {
        // As the SDK does: a gRPC error means the engine is going away; the plan reports it elsewhere.
        if (err && errors.isGrpcError(err)) return;
        settled = { value, isKnown, isSecret, deps, err };
        settleOutput?.(settled);
        settleOutput = undefined;
      };
      Object.defineProperty(onto, k, {
        configurable: true,
        enumerable: true,
        get() {
          if (!output) {
            const made = propertyOutput(onto);
            output = made.output;
            if (settled) made.settle(settled);
            else settleOutput = made.settle;
          }
          return output;
        },
        set(value: pulumi.Output<unknown>) {
          output = value;
          settleOutput = undefined;
        },
      });
    }
    return resolvers;
  };
}
