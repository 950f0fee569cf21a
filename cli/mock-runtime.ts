import * as pulumi from "@pulumi/pulumi";

/** One resource registration seen by the mock engine, as the Pulumi engine would see it. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  /** URN of the parent resource, when there is one. */
  parent?: string;
  /** Provider reference (`<provider urn>::<id>`) of a custom resource, when explicit. */
  provider?: string;
  /** True for custom (provider-backed) resources, false for components. */
  custom: boolean;
  /** URNs this resource depends on. */
  dependencies: string[];
  /** The resource's inputs, fully resolved; secret values stay wrapped (see `cli/secrets.ts`). */
  inputs: Record<string, unknown>;
}

/** How to run a program under Pulumi's mock runtime. */
export interface MockRunOptions {
  project: string;
  stack: string;
  /** Stack configuration as Pulumi hands it to programs: `namespace:key` to string (objects as JSON). */
  config?: Record<string, string>;
  /** Config keys to mark secret. */
  secretKeys?: string[];
}

export interface MockRunResult {
  registrations: Registration[];
  /** The program's stack outputs. */
  outputs: Record<string, unknown>;
}

// Internal Pulumi runtime modules: public `setMocks` hides the parent URN from mocks, so we record at the monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown; waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(s: unknown): Record<string, unknown> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { logErrorCount: number; config: Record<string, string> } };

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getObject(): unknown;
}

interface MockMonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: (err: unknown, resp?: unknown) => void): Promise<void>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Deterministic mock engine: ids are derived from names, state echoes inputs. */
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
  call: (args) => args.inputs,
};

/**
 * Installs the mock runtime and starts recording registrations. Returns the live list, which fills as
 * resources register. Used directly by unit tests; {@link runUnderMocks} wraps it for whole programs.
 */
export async function startRecording(options: MockRunOptions): Promise<Registration[]> {
  const store = state.getStore();
  for (const key of Object.keys(store.config ?? {})) delete store.config[key];
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys);
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, false);
  store.logErrorCount = 0;
  const monitor = settings.getMonitor() as MockMonitorLike;
  const registrations: Registration[] = [];
  // The mock monitor abbreviates URNs (last parent type only, Stack included); the engine qualifies types with
  // the whole parent chain below the stack. Record the engine's URNs and translate references to them.
  const engineUrns = new Map<string, string>();
  const toEngine = (urn: string): string => engineUrns.get(urn) ?? urn;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = async (req, callback) => {
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent() ? toEngine(req.getParent()) : undefined;
    const parentType = parent?.split("::")[2];
    const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
    const urn = `urn:pulumi:${options.stack}::${options.project}::${qualified}::${name}`;
    engineUrns.set(monitor.newUrn(req.getParent(), type, name), urn);
    const provider = req.getProvider();
    const providerRef = provider ? `${toEngine(provider.slice(0, provider.lastIndexOf("::")))}${provider.slice(provider.lastIndexOf("::"))}` : undefined;
    registrations.push({
      type, name, urn, parent,
      provider: providerRef,
      custom: req.getCustom(),
      dependencies: req.getDependenciesList().map(toEngine).sort(),
      inputs: rpc.deserializeProperties(req.getObject()),
    });
    return original(req, callback);
  };
  return registrations;
}

/** Waits until every registration the program started has reached the mock engine. */
export async function settle(): Promise<void> {
  await settings.waitForRPCs();
  // Registrations chain on promises that resolve after the RPC queue drains; a second pass catches them.
  await new Promise((resolve) => setImmediate(resolve));
  await settings.waitForRPCs();
}

/** Thrown when the program logged errors through Pulumi's logger instead of throwing. */
export class ProgramLoggedErrors extends Error {}

/**
 * Runs `program` inside a root `pulumi:pulumi:Stack` under the mock runtime and returns every registration.
 * Throws whatever the program throws.
 */
export async function runUnderMocks(options: MockRunOptions, program: () => unknown): Promise<MockRunResult> {
  const registrations = await startRecording(options);
  const outputs = (await pulumi.runtime.runInPulumiStack(async () => program())) ?? {};
  await settle();
  const errors = state.getStore().logErrorCount;
  if (errors > 0) throw new ProgramLoggedErrors(`the program logged ${errors} error(s); see the messages above`);
  return { registrations, outputs: outputs as Record<string, unknown> };
}
