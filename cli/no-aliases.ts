// Aliases tell a real engine that a resource was renamed or retyped, so it keeps the resource's state. Every
// @pulumi/kubernetes class declares some (a Deployment, the apps/v1beta1, v1beta2 and extensions/v1beta1 types), and
// the SDK turns each into Outputs of URNs at construction: about a third of a large plan's time. A plan has no
// state to keep and records no aliases, so plans register resources without them.
import * as pulumi from "@pulumi/pulumi";

/**
 * Registers a stack transformation that drops `aliases` from every resource's options. Call inside the stack
 * (`pulumi.runtime.runInPulumiStack`), before the program constructs resources.
 */
export function dropAliases(): void {
  pulumi.runtime.registerStackTransformation((args) =>
    args.opts.aliases?.length ? { props: args.props, opts: { ...args.opts, aliases: [] } } : undefined,
  );
}
