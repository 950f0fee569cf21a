import * as pulumi from "@pulumi/pulumi";
import { lazyResourceOutputs } from "./lazy-outputs";
import { buildStruct, lazyStructs } from "./lazy-struct";
import { callResult, computedOutputs } from "./mock-cloud";
import { dropAliases } from "./no-aliases";
import { withProgramHeap } from "./plan-heap";
import { skipSdkTracking } from "./sdk-tracking";

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

/** Two resources got the same URN (type, name and parent types); the Pulumi engine rejects them too. */
export class DuplicateUrnError extends Error {}

// Internal Pulumi runtime modules: public `setMocks` hides the parent URN from mocks, so we record at the monitor.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown; waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
  deserializeProperty(value: unknown): unknown;
  serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { logErrorCount: number; config: Record<string, string> } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const provproto = require("@pulumi/pulumi/proto/provider_pb") as { InvokeResponse: new () => { setReturn(value: unknown): void } };

/** The serialized form of resource properties, as `google.protobuf.Struct.toJavaScript()` gives it. */
type Serialized = Record<string, unknown>;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getObject(): { toJavaScript(): Serialized };
}

/** What the SDK reads from a RegisterResourceResponse (`runtime/resource.js`). */
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Serialized };
  getPropertydependenciesMap(): undefined;
  getResult(): number;
}

type Callback<T> = (err: unknown, resp?: T) => void;

interface InvokeRequest {
  getTok(): string;
  getArgs(): { toJavaScript(): Serialized };
}

interface MockMonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: Callback<RegisterResponse>): unknown;
  registerResourceOutputs(req: { getUrn(): string }, callback: Callback<object>): unknown;
  invoke(req: InvokeRequest, callback: Callback<unknown>): Promise<void>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The first duplicate URN of the current recording, thrown by {@link settle}. */
let duplicate: DuplicateUrnError | undefined;
const GET_RESOURCE = "pulumi:pulumi:getResource";
/** `pulumirpc.Result.SUCCESS`. */
const SUCCESS = 0;

/** Deterministic mock engine: ids are derived from names, state echoes inputs. */
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs as Record<string, unknown> }),
  call: (args) => callResult(args.token, args.inputs as Record<string, unknown>) ?? (args.inputs as Record<string, unknown>),
};

/** The id the mock engine gives a resource: derived from its name for custom resources, none for components. */
const mockId = (name: string, custom: boolean): string => (custom ? `${name}-id` : "");

/** Deserializes properties as the engine hands them to policies: secrets stay wrapped, undefined values dropped. */
function deserialize(serialized: Serialized): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) if (value !== undefined) inputs[key] = rpc.deserializeProperty(value);
  return inputs;
}

/** A registration as a duplicate-URN message names it: its position, type, name, parent and namespace. */
function describe(r: Registration, index: number): string {
  const metadata = r.inputs.metadata as { namespace?: unknown } | undefined;
  const where = [r.parent && `parent ${r.parent}`, typeof metadata?.namespace === "string" && `namespace ${metadata.namespace}`].filter(
    Boolean,
  );
  return `registration #${index + 1} (${r.type} "${r.name}"${where.length ? `, ${where.join(", ")}` : ""})`;
}

/**
 * Installs the mock runtime and starts recording registrations. Returns the live list, which fills as
 * resources register. Used directly by unit tests; {@link runUnderMocks} wraps it for whole programs.
 *
 * The mock engine echoes inputs as state. It answers from the request's properties directly instead of
 * Pulumi's `MockMonitor` round trip (deserialize, serialize, protobuf `Struct` again), and records each
 * registration once. A second registration with a URN already seen is not recorded; {@link settle} then throws a
 * {@link DuplicateUrnError} naming both.
 */
export async function startRecording(options: MockRunOptions): Promise<Registration[]> {
  skipSdkTracking();
  lazyStructs();
  lazyResourceOutputs();
  duplicate = undefined;
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
  /** Engine URN to the index of its registration. */
  const indexOf = new Map<string, number>();
  /** Mock URN to the index of its registration, for `getResource` and `registerResourceOutputs`. */
  const byMockUrn = new Map<string, number>();

  monitor.registerResource = (req, callback) => {
    try {
      const type = req.getType();
      const name = req.getName();
      const mockParent = req.getParent();
      const parent = mockParent ? toEngine(mockParent) : undefined;
      const parentType = parent?.split("::")[2];
      const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
      const urn = `urn:pulumi:${options.stack}::${options.project}::${qualified}::${name}`;
      const provider = req.getProvider();
      const providerRef = provider
        ? `${toEngine(provider.slice(0, provider.lastIndexOf("::")))}${provider.slice(provider.lastIndexOf("::"))}`
        : undefined;
      const custom = req.getCustom();
      const serialized = req.getObject().toJavaScript();
      const registration: Registration = {
        type,
        name,
        urn,
        parent,
        provider: providerRef,
        custom,
        dependencies: req.getDependenciesList().map(toEngine).sort(),
        inputs: deserialize(serialized),
      };
      const first = indexOf.get(urn);
      if (first !== undefined) {
        // Reported once, when the program has settled (see `settle`), instead of as one rejection per output.
        duplicate ??= new DuplicateUrnError(
          `duplicate URN ${urn}: ${describe(registrations[first], first)} and ` +
            `${describe(registration, registrations.length)} have the same type, name and parent types, which the Pulumi engine rejects; ` +
            `fix: give each resource a unique name (e.g. prefix it with its namespace or tenant)`,
        );
      }
      const mockUrn = monitor.newUrn(mockParent, type, name);
      if (first === undefined) {
        engineUrns.set(mockUrn, urn);
        indexOf.set(urn, registrations.length);
        byMockUrn.set(mockUrn, registrations.length);
        registrations.push(registration);
      }
      const id = mockId(name, custom);
      // State echoes inputs, so the request's own properties are the response's, plus what a cloud would compute.
      const computed = custom ? computedOutputs(type, name, registration.inputs) : {};
      const state = Object.keys(computed).length > 0 ? { ...serialized, ...(computed as Serialized) } : serialized;
      callback(null, {
        getUrn: () => mockUrn,
        getId: () => id,
        getObject: () => ({ toJavaScript: () => state }),
        getPropertydependenciesMap: () => undefined,
        getResult: () => SUCCESS,
      });
    } catch (e) {
      callback(e);
    }
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  // Outputs of our registrations are not kept: nothing reads them back offline.
  monitor.registerResourceOutputs = (req, callback) => (byMockUrn.has(req.getUrn()) ? callback(null, {}) : registerOutputs(req, callback));
  const invoke = monitor.invoke.bind(monitor);
  // Resources rehydrated from a reference (`new X(name, undefined, { urn })`) read their state from the engine.
  monitor.invoke = async (req, callback) => {
    const urn = req.getTok() === GET_RESOURCE ? req.getArgs().toJavaScript().urn : undefined;
    const index = typeof urn === "string" ? byMockUrn.get(urn) : undefined;
    if (index === undefined) return invoke(req, callback);
    try {
      const r = registrations[index];
      const resp = new provproto.InvokeResponse();
      resp.setReturn(buildStruct({ urn, id: mockId(r.name, r.custom) || null, state: await rpc.serializeProperties("", r.inputs) }));
      callback(null, resp);
    } catch (e) {
      callback(e);
    }
  };
  return registrations;
}

/**
 * Waits until every registration the program started has reached the mock engine. Throws a
 * {@link DuplicateUrnError} when two registrations had the same URN.
 */
export async function settle(): Promise<void> {
  await settings.waitForRPCs();
  // Registrations chain on promises that resolve after the RPC queue drains; a second pass catches them.
  await new Promise((resolve) => setImmediate(resolve));
  await settings.waitForRPCs();
  if (duplicate) throw duplicate;
}

/** Thrown when the program logged errors through Pulumi's logger instead of throwing. */
export class ProgramLoggedErrors extends Error {}

/**
 * Runs `program` inside a root `pulumi:pulumi:Stack` under the mock runtime and returns every registration.
 * Throws whatever the program throws. Resources are registered without aliases (see `cli/no-aliases.ts`), and the
 * heap is kept lean while the program runs (see `cli/plan-heap.ts`).
 */
export async function runUnderMocks(options: MockRunOptions, program: () => unknown): Promise<MockRunResult> {
  const registrations = await startRecording(options);
  const outputs: Record<string, unknown> = await withProgramHeap(async () => {
    const result =
      (await pulumi.runtime.runInPulumiStack(() => {
        dropAliases();
        return Promise.resolve(program());
      })) ?? {};
    await settle();
    return result;
  });
  const errors = state.getStore().logErrorCount;
  if (errors > 0) throw new ProgramLoggedErrors(`the program logged ${errors} error(s); see the messages above`);
  return { registrations, outputs };
}
