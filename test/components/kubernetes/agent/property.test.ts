import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Agent, buildAgent, resolveAgent, validateAgentArgs, type AgentArgs } from "../../../../components/kubernetes/agent";
import { ArgumentError } from "../../../../components/validation";
import { recordRejection } from "../../../helpers/pulumi";
import { invalidObjects } from "../../../helpers/schema";
import { GATEWAY, OTHER_GATEWAY } from "./fixtures";

// Mostly-absent optional fields, so a good share of generated declarations is valid and gets built.
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const quantity = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("500m", "1", "2Gi", "512Mi", "1.5", "10e3", "100k") },
  { weight: 1, arbitrary: fc.constantFrom("0", "-1", "lots", "") },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("coder", "a", "x-1", "agents") },
  { weight: 1, arbitrary: fc.constantFrom("Bad", "-x", "a".repeat(46)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{0,50}$/) },
);

const envValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("info", "", "https://api.example.com") },
  {
    weight: 2,
    arbitrary: fc.record({
      secretKeyRef: fc.record({
        name: fc.constantFrom("agent-secrets", "db.credentials"),
        key: fc.constantFrom("token", "pass.word"),
        optional: maybe(fc.boolean()),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("AKIAIOSFODNN7EXAMPLE", 5, { secretKeyRef: "x" }) },
);
// Well-formed values only, for the coherent declarations below.
const goodQuantity = fc.constantFrom("500m", "1", "2Gi", "512Mi", "1.5", "100k");
const goodName = fc.constantFrom("coder", "a", "x-1", "agents");
const goodEnv = fc.dictionary(
  fc.constantFrom("LOG_LEVEL", "API_URL"),
  fc.oneof(fc.constantFrom("info", "https://api.example.com"), fc.constant({ secretKeyRef: { name: "agent-secrets", key: "token" } })),
  { maxKeys: 2 },
);
const env = fc.dictionary(fc.constantFrom("LOG_LEVEL", "API_URL", "DB_PASSWORD", "AGENTCLOUD_X", "1BAD"), envValue, { maxKeys: 3 });
const permission = fc.record({
  cloud: fc.constantFrom("aws", "gcp"),
  actions: fc.array(fc.constantFrom("s3:GetObject", "s3:Get*", "roles/viewer", "roles/storage.objectViewer"), {
    minLength: 1,
    maxLength: 2,
  }),
  resources: fc.array(fc.constantFrom("arn:aws:s3:::b/k", "arn:aws:s3:::*", "projects/p"), { minLength: 1, maxLength: 2 }),
});

// Anything goes: mostly rejected declarations.
const chaotic: fc.Arbitrary<AgentArgs> = fc.record({
  namespace: name,
  image: fc.constantFrom("ghcr.io/acme/agent:1.0.0", "busybox", "ghcr.io/acme/agent@sha256:" + "a".repeat(64), "not an image"),
  workload: maybe(fc.constantFrom("deployment", "statefulset", "sandbox-pool", "job" as never)),
  replicas: maybe(fc.integer({ min: -2, max: 5 })),
  warmPool: maybe(fc.integer({ min: -1, max: 3 })),
  sandbox: maybe(fc.constantFrom("gvisor", "kata-qemu", "kata-clh", "kata-fc", "none", "runc" as never)),
  unsafeNoSandbox: maybe(fc.constant({ reason: "test" })),
  intent: maybe(fc.constantFrom("critical", "standard", "batch", "urgent" as never)),
  port: maybe(fc.integer({ min: -1, max: 70000 })),
  resources: maybe(fc.record({ cpu: maybe(quantity), memory: maybe(quantity), gpu: maybe(fc.integer({ min: -1, max: 3 })) })),
  limits: maybe(fc.record({ cpu: maybe(quantity), memory: maybe(quantity) })),
  storage: maybe(fc.record({ size: quantity })),
  platform: maybe(
    fc.constantFrom<AgentArgs["platform"]>({ gpu: {} }, { gateway: GATEWAY }, { gateway: { ...GATEWAY, namespace: "Gw", port: 0 } }),
  ),
  delegatesTo: maybe(fc.array(fc.record({ agent: name, port: maybe(fc.integer({ min: 0, max: 70000 })) }), { maxLength: 2 })),
  egress: maybe(
    fc.array(
      fc.constantFrom(
        "api.github.com",
        "api.github.com:8443",
        "*.googleapis.com",
        "http://x",
        "localhost",
        "169.254.169.254",
        "metadata.google.internal",
        "x.com:0",
        "*.com",
      ),
      { maxLength: 2 },
    ),
  ),
  env: maybe(env) as fc.Arbitrary<AgentArgs["env"]>,
  cloudPermissions: maybe(fc.array(permission, { maxLength: 2 })),
  unsafeBroadCloudPermissions: maybe(fc.constantFrom({ reason: "test" }, { reason: "" })),
  unsafeWildcardEgress: maybe(fc.constantFrom({ reason: "test" }, { reason: " " })),
});

// Coherent per workload kind (cross-field rules respected), so most are accepted and get built.
const coherent: fc.Arbitrary<AgentArgs> = fc
  .constantFrom("deployment", "statefulset", "sandbox-pool" as const)
  .chain((workload) =>
    fc.record({
      namespace: goodName,
      image: fc.constantFrom("ghcr.io/acme/agent:1.0.0", "busybox", "registry.local:5000/team/agent:v2"),
      workload: fc.constant(workload),
      replicas: workload === "sandbox-pool" ? fc.constant(undefined) : maybe(fc.integer({ min: 1, max: 5 })),
      warmPool: workload === "sandbox-pool" ? maybe(fc.integer({ min: 0, max: 5 })) : fc.constant(undefined),
      storage:
        workload === "statefulset"
          ? fc.record({ size: goodQuantity, mountPath: maybe(fc.constantFrom("/data", "/var/lib/agent")) })
          : fc.constant(undefined),
      sandbox: fc.constantFrom("gvisor", "kata-qemu", "kata-clh", "kata-fc"),
      intent: maybe(fc.constantFrom("critical", "standard", "batch")),
      port: maybe(fc.integer({ min: 1, max: 65535 })),
      resources: maybe(fc.record({ cpu: maybe(goodQuantity), memory: maybe(goodQuantity), ephemeralStorage: maybe(goodQuantity) })),
      limits: maybe(fc.record({ cpu: maybe(goodQuantity), memory: maybe(goodQuantity) })),
      acceptsFrom: maybe(fc.array(fc.record({ agent: goodName, namespace: maybe(goodName) }), { maxLength: 2 })),
      delegatesTo: maybe(fc.array(fc.record({ agent: goodName, port: maybe(fc.integer({ min: 1, max: 65535 })) }), { maxLength: 2 })),
      tools: maybe(
        fc.array(fc.record({ server: goodName, tools: fc.array(fc.constantFrom("search", "read_file"), { minLength: 1, maxLength: 2 }) }), {
          maxLength: 2,
        }),
      ),
      egress: maybe(fc.uniqueArray(fc.constantFrom("api.github.com", "api.github.com:8443", "*.googleapis.com"), { maxLength: 2 })),
      env: maybe(goodEnv),
      platform: maybe(fc.constantFrom({ gateway: GATEWAY }, { gateway: OTHER_GATEWAY })),
    }),
  )
  .map((args) => (args.egress?.some((e) => e.startsWith("*.")) ? { ...args, unsafeWildcardEgress: { reason: "test" } } : args));

const agentArgs = fc.oneof({ weight: 3, arbitrary: coherent }, { weight: 1, arbitrary: chaotic });
const agentName = fc.oneof({ weight: 3, arbitrary: goodName }, { weight: 1, arbitrary: name });

describe("Agent declarations (property)", () => {
  it("either build only schema-valid objects or are rejected with argument, value and fix — never a crash", async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(agentName, agentArgs, async (agentName, args) => {
        const problems = validateAgentArgs(agentName, args);
        if (problems.length > 0) {
          for (const p of problems) {
            expect(p.argument).toMatch(/^[A-Za-z]/);
            expect(p.problem.length).toBeGreaterThan(0);
            expect(p.fix.length).toBeGreaterThan(0);
            expect("value" in p).toBe(true);
          }
          return;
        }
        const objects = buildAgent(resolveAgent(agentName, args)).map((o) => o.object);
        expect(await invalidObjects(objects)).toEqual([]);
        built += 1;
      }),
      { numRuns: 300 },
    );
    // Both branches must be exercised for the property to mean anything. About 25 of 300 build on average
    // (standard deviation about 5), so 10 is a floor that random seeds do not cross by chance.
    expect(built).toBeGreaterThan(10);
  });

  it("plan through the Agent component: ArgumentError with nothing registered, or schema-valid registered objects", async () => {
    let planned = 0;
    await fc.assert(
      fc.asyncProperty(agentName, agentArgs, async (agentName, args) => {
        const { error, rec } = await recordRejection(() => new Agent(agentName, args));
        if (error !== undefined) {
          expect(error).toBeInstanceOf(ArgumentError);
          expect(rec.registrations).toEqual([]);
          return;
        }
        expect(rec.objects().length).toBeGreaterThanOrEqual(3);
        expect(await invalidObjects(rec.objects())).toEqual([]);
        planned += 1;
      }),
      { numRuns: 60 },
    );
    expect(planned).toBeGreaterThan(10);
  });
});
