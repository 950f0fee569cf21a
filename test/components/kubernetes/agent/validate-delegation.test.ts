import { describe, expect, it } from "vitest";
import type { AgentArgs } from "../../../../components/kubernetes/agent/spec";
import { checkDelegation, checkDelegationEdges } from "../../../../components/kubernetes/agent/validate-delegation";
import { BASE } from "./fixtures";

// Pure tests of the delegation checks, with exact problems: `npm run mutation:validation` runs this file.

const FLAG_FIX = "set sandboxPool: true when the agent is a sandbox-pool, or leave it out";
const ACCEPTS_FLAG = {
  problem: "applies only to delegatesTo (the agent being called)",
  fix: "remove it here; set it on the caller's delegatesTo entry",
};
const CLAIMING: AgentArgs = { ...BASE, workload: "statefulset", delegatesTo: [{ agent: "p", sandboxPool: true }] };
const overlap = (mountPath: unknown) => ({
  argument: "storage.mountPath",
  value: mountPath,
  problem: "overlaps /var/run/secrets/kubernetes.io/serviceaccount, where the API token of an agent that claims sandboxes is mounted",
  fix: `mount storage elsewhere, e.g. "/data"`,
});

describe("checkDelegation", () => {
  it("accepts boolean flags in delegatesTo, unflagged references and no references", () => {
    expect(
      checkDelegation({
        ...BASE,
        delegatesTo: [{ agent: "p", sandboxPool: true }, { agent: "q", sandboxPool: false }, { agent: "r" }],
        acceptsFrom: [{ agent: "s" }, { agent: "t", namespace: "other" }],
      }),
    ).toEqual([]);
    expect(checkDelegation(BASE)).toEqual([]);
  });

  it("skips references that are not lists and entries that are not objects", () => {
    expect(checkDelegation({ ...BASE, delegatesTo: "p" as never, acceptsFrom: 3 as never })).toEqual([]);
    expect(checkDelegation({ ...BASE, delegatesTo: [null, "p"] as never, acceptsFrom: [null, "q"] as never })).toEqual([]);
  });

  it("reports a flag that is not true or false, in either list, at its index", () => {
    expect(
      checkDelegation({
        ...BASE,
        delegatesTo: [{ agent: "p" }, { agent: "q", sandboxPool: "yes" as never }],
        acceptsFrom: [{ agent: "r", sandboxPool: 1 as never }],
      }),
    ).toEqual([
      { argument: "acceptsFrom[0].sandboxPool", value: 1, problem: "must be true or false", fix: FLAG_FIX },
      { argument: "delegatesTo[1].sandboxPool", value: "yes", problem: "must be true or false", fix: FLAG_FIX },
    ]);
  });

  it("reports any boolean flag on acceptsFrom, true or false", () => {
    expect(
      checkDelegation({
        ...BASE,
        acceptsFrom: [{ agent: "p" }, { agent: "q", sandboxPool: true }, { agent: "r", sandboxPool: false }],
      }),
    ).toEqual([
      { argument: "acceptsFrom[1].sandboxPool", value: true, ...ACCEPTS_FLAG },
      { argument: "acceptsFrom[2].sandboxPool", value: false, ...ACCEPTS_FLAG },
    ]);
  });

  describe("storage of an agent that claims sandboxes", () => {
    const at = (mountPath: unknown, args: AgentArgs = CLAIMING) =>
      checkDelegation({ ...args, storage: { size: "1Gi", mountPath: mountPath as string } });

    it("reports a mount path at, above or below the API token's folder, with or without trailing slashes", () => {
      for (const mountPath of [
        "/var/run/secrets/kubernetes.io/serviceaccount",
        "/var/run/secrets/kubernetes.io/serviceaccount/",
        "/var/run/secrets/kubernetes.io/serviceaccount//",
        "/var/run/secrets/kubernetes.io",
        "/var/run/secrets/kubernetes.io/",
        "/var/run/secrets/kubernetes.io//",
        "/var/run",
        "/",
        "/var/run/secrets/kubernetes.io/serviceaccount/x",
        "/var/run/secrets/kubernetes.io/serviceaccount/x/",
      ]) {
        expect(at(mountPath), mountPath).toEqual([overlap(mountPath)]);
      }
    });

    it("accepts unrelated paths, including ones that only share a prefix of characters", () => {
      for (const mountPath of [
        "/data",
        "/var/run/secrets/kube",
        "/var/run/secrets/kubernetes.io/serviceaccountx",
        "/var/run/secrets/kubernetes.io/service",
        "/var/run/secrets/kubernetes.io/other",
        "var/run/secrets/kubernetes.io/serviceaccount",
      ]) {
        expect(at(mountPath), mountPath).toEqual([]);
      }
    });

    it("checks only agents with a delegatesTo entry flagged true, and only string paths", () => {
      const token = "/var/run/secrets/kubernetes.io/serviceaccount";
      expect(at(token, { ...BASE, workload: "statefulset" })).toEqual([]);
      expect(at(token, { ...BASE, delegatesTo: [{ agent: "p" }, { agent: "q", sandboxPool: false }] })).toEqual([]);
      expect(at(token, { ...BASE, delegatesTo: [{ agent: "p", sandboxPool: "true" as never }] }).map((p) => p.argument)).toEqual([
        "delegatesTo[0].sandboxPool",
      ]);
      expect(at(token, { ...BASE, acceptsFrom: [{ agent: "p", sandboxPool: true }] }).map((p) => p.argument)).toEqual([
        "acceptsFrom[0].sandboxPool",
      ]);
      expect(at(token, { ...BASE, delegatesTo: [null, { agent: "q", sandboxPool: true }] as never })).toEqual([overlap(token)]);
      expect(at(42)).toEqual([]);
      expect(checkDelegation(CLAIMING)).toEqual([]);
      expect(checkDelegation({ ...CLAIMING, storage: null as never })).toEqual([]);
    });
  });

  it("passes platform.apiServer to the endpoint check, and skips a missing or null platform", () => {
    expect(checkDelegation({ ...BASE, platform: { apiServer: { cidrs: [], ports: [0] } } })).toEqual([
      {
        argument: "platform.apiServer.cidrs",
        value: [],
        problem: "must list at least one CIDR",
        fix: `use the control-plane addresses, e.g. ["172.16.0.2/32"]`,
      },
      { argument: "platform.apiServer.ports[0]", value: 0, problem: "is not a TCP port (1 to 65535)", fix: "use e.g. 443" },
    ]);
    expect(checkDelegation({ ...BASE, platform: { apiServer: "x" as never } })).toEqual([
      {
        argument: "platform.apiServer",
        value: "x",
        problem: "must be an object with cidrs and/or ports",
        fix: `use e.g. { cidrs: ["172.16.0.2/32"], ports: [443] }`,
      },
    ]);
    expect(checkDelegation({ ...BASE, platform: { apiServer: { cidrs: ["172.16.0.2/32"], ports: [443] } } })).toEqual([]);
    expect(checkDelegation({ ...BASE, platform: {} })).toEqual([]);
    expect(checkDelegation({ ...BASE, platform: null as never })).toEqual([]);
  });

  it("reports every problem together, flags first, then storage, then the endpoint", () => {
    expect(
      checkDelegation({
        ...CLAIMING,
        delegatesTo: [
          { agent: "p", sandboxPool: true },
          { agent: "q", sandboxPool: 0 as never },
        ],
        acceptsFrom: [{ agent: "r", sandboxPool: true }],
        storage: { size: "1Gi", mountPath: "/var/run/secrets" },
        platform: { apiServer: 1 as never },
      }).map((p) => p.argument),
    ).toEqual(["acceptsFrom[0].sandboxPool", "delegatesTo[1].sandboxPool", "storage.mountPath", "platform.apiServer"]);
  });
});

describe("checkDelegationEdges", () => {
  const POOL: AgentArgs = { ...BASE, workload: "sandbox-pool" };
  const fleet = (callerRefs: AgentArgs["delegatesTo"], poolAccepts: AgentArgs["acceptsFrom"]): Record<string, AgentArgs> => ({
    caller: { ...BASE, delegatesTo: callerRefs },
    interp: { ...POOL, acceptsFrom: poolAccepts },
    memory: { ...BASE },
  });
  const notAccepted = (argument: string, value: object, target: string, self: string, entry: string) => ({
    argument,
    value,
    problem: `claims from "${target}", which does not accept "${self}"`,
    fix: `add ${entry} to ${target}'s acceptsFrom`,
  });

  it("accepts a caller that marks the pool and is accepted by it, and plain references to other agents", () => {
    expect(checkDelegationEdges(fleet([{ agent: "interp", sandboxPool: true }, { agent: "memory" }], [{ agent: "caller" }]))).toEqual([]);
    expect(checkDelegationEdges(fleet([{ agent: "memory", sandboxPool: false }], undefined))).toEqual([]);
    expect(checkDelegationEdges({})).toEqual([]);
  });

  it("reports a pool named without sandboxPool: true, at the reference's index", () => {
    const without = {
      problem: `names "interp", a sandbox-pool, without sandboxPool: true, so the caller could never claim a sandbox`,
      fix: `use { agent: "interp", sandboxPool: true }`,
    };
    expect(checkDelegationEdges(fleet([{ agent: "memory" }, { agent: "interp" }], [{ agent: "caller" }]))).toEqual([
      { argument: "agents.caller.delegatesTo[1]", value: { agent: "interp" }, ...without },
    ]);
    expect(checkDelegationEdges(fleet([{ agent: "interp", sandboxPool: false }], [{ agent: "caller" }]))).toEqual([
      { argument: "agents.caller.delegatesTo[0]", value: { agent: "interp", sandboxPool: false }, ...without },
    ]);
  });

  it("reports sandboxPool: true on an agent that is not a pool, naming its workload", () => {
    expect(
      checkDelegationEdges({
        caller: {
          ...BASE,
          delegatesTo: [
            { agent: "memory", sandboxPool: true },
            { agent: "store", sandboxPool: true },
          ],
        },
        memory: { ...BASE },
        store: { ...BASE, workload: "statefulset" },
      }),
    ).toEqual([
      {
        argument: "agents.caller.delegatesTo[0]",
        value: { agent: "memory", sandboxPool: true },
        problem: `sets sandboxPool: true but "memory" is a deployment`,
        fix: "remove sandboxPool",
      },
      {
        argument: "agents.caller.delegatesTo[1]",
        value: { agent: "store", sandboxPool: true },
        problem: `sets sandboxPool: true but "store" is a statefulset`,
        fix: "remove sandboxPool",
      },
    ]);
  });

  it("reports a pool in the caller's namespace that does not accept the caller, with a fix without namespace", () => {
    const ref = { agent: "interp", sandboxPool: true };
    const problem = notAccepted("agents.caller.delegatesTo[0]", ref, "interp", "caller", `{ agent: "caller" }`);
    expect(checkDelegationEdges(fleet([ref], undefined))).toEqual([problem]);
    expect(checkDelegationEdges(fleet([ref], [{ agent: "planner" }]))).toEqual([problem]);
    expect(checkDelegationEdges(fleet([ref], [{ agent: "caller", namespace: "other" }]))).toEqual([problem]);
  });

  it("reports a pool in another namespace that does not accept the caller, with a fix that names the caller's namespace", () => {
    const ref = { agent: "interp", namespace: "pools", sandboxPool: true };
    const agents = (acceptsFrom: AgentArgs["acceptsFrom"]): Record<string, AgentArgs> => ({
      caller: { ...BASE, delegatesTo: [ref] },
      interp: { ...POOL, namespace: "pools", acceptsFrom },
    });
    const problem = notAccepted("agents.caller.delegatesTo[0]", ref, "interp", "caller", `{ agent: "caller", namespace: "agents" }`);
    // acceptsFrom's namespace defaults to the pool's own, so a bare entry does not accept a caller from elsewhere.
    expect(checkDelegationEdges(agents([{ agent: "caller" }]))).toEqual([problem]);
    expect(checkDelegationEdges(agents([{ agent: "caller", namespace: "pools" }]))).toEqual([problem]);
    expect(checkDelegationEdges(agents([{ agent: "caller", namespace: "agents" }]))).toEqual([]);
  });

  it("finds the target in the caller's namespace unless the reference names another", () => {
    const agents = (ref: NonNullable<AgentArgs["delegatesTo"]>[number]): Record<string, AgentArgs> => ({
      caller: { ...BASE, delegatesTo: [ref] },
      interp: { ...POOL, namespace: "pools", acceptsFrom: [{ agent: "caller", namespace: "agents" }] },
    });
    // Same name, other namespace: outside the fleet, not checked.
    expect(checkDelegationEdges(agents({ agent: "interp" }))).toEqual([]);
    expect(checkDelegationEdges(agents({ agent: "interp", namespace: "agents" }))).toEqual([]);
    expect(checkDelegationEdges(agents({ agent: "interp", namespace: "pools" })).map((p) => p.argument)).toEqual([
      "agents.caller.delegatesTo[0]",
    ]);
  });

  it("ignores references to agents outside the fleet, and callers without delegatesTo", () => {
    expect(
      checkDelegationEdges({
        caller: {
          ...BASE,
          delegatesTo: [{ agent: "elsewhere" }, { agent: "far", sandboxPool: true }, { agent: "interp", namespace: "x" }],
        },
        interp: { ...POOL },
      }),
    ).toEqual([]);
  });

  it("uses agentName over the component name for the target, the caller and acceptsFrom, and the component name in the argument", () => {
    const ref = { agent: "interp", sandboxPool: true };
    const agents = (acceptsFrom: AgentArgs["acceptsFrom"], callerRef = ref): Record<string, AgentArgs> => ({
      "caller-component": { ...BASE, agentName: "caller", delegatesTo: [callerRef] },
      "pool-component": { ...POOL, agentName: "interp", acceptsFrom },
    });
    expect(checkDelegationEdges(agents([{ agent: "caller" }]))).toEqual([]);
    expect(checkDelegationEdges(agents([{ agent: "caller-component" }]))).toEqual([
      notAccepted("agents.caller-component.delegatesTo[0]", ref, "interp", "caller", `{ agent: "caller" }`),
    ]);
    expect(checkDelegationEdges(agents([{ agent: "caller" }], { agent: "interp", sandboxPool: false })).map((p) => p.argument)).toEqual([
      "agents.caller-component.delegatesTo[0]",
    ]);
    // The component name does not reach an agent whose agentName differs.
    expect(checkDelegationEdges(agents([], { agent: "pool-component", sandboxPool: true }))).toEqual([]);
  });

  it("checks every caller, in declaration order", () => {
    expect(
      checkDelegationEdges({
        a: { ...BASE, delegatesTo: [{ agent: "interp" }] },
        interp: { ...POOL, acceptsFrom: [{ agent: "a" }, { agent: "b" }] },
        b: {
          ...BASE,
          delegatesTo: [
            { agent: "interp", sandboxPool: true },
            { agent: "a", sandboxPool: true },
          ],
        },
      }).map((p) => `${p.argument}: ${p.problem}`),
    ).toEqual([
      `agents.a.delegatesTo[0]: names "interp", a sandbox-pool, without sandboxPool: true, so the caller could never claim a sandbox`,
      `agents.b.delegatesTo[1]: sets sandboxPool: true but "a" is a deployment`,
    ]);
  });
});
