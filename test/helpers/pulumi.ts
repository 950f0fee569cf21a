import { kubernetesObjects, type KubernetesObject } from "../../cli/kubernetes-objects";
import { settle, startRecording, type Registration } from "../../cli/mock-runtime";

/** What a piece of Pulumi code registered under the mock runtime. */
export class Recorded {
  constructor(readonly registrations: Registration[]) {}

  /** Registrations of one Pulumi type token. */
  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  /** The single registration with this logical name; fails the test when absent or ambiguous. */
  named(name: string): Registration {
    const found = this.registrations.filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new Error(
        `expected one registration named ${name}, found ${found.length}: ${this.registrations.map((r) => r.name).join(", ")}`,
      );
    }
    return found[0];
  }

  /** Every Kubernetes object registered (resource inputs). */
  objects(): KubernetesObject[] {
    return kubernetesObjects(this.registrations);
  }

  /** Kubernetes objects of one kind. */
  kind(kind: string): KubernetesObject[] {
    return this.objects().filter((o) => o.kind === kind);
  }
}

/**
 * Runs `create` under Pulumi's mock runtime (config from `config`, `agentcloud:` keys as strings/JSON) and returns
 * every registration once they have all reached the engine. Throws what `create` throws.
 */
export async function record(create: () => void | Promise<void>, config: Record<string, unknown> = {}): Promise<Recorded> {
  const asStrings = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  const registrations = await startRecording({ project: "test", stack: "test", config: asStrings });
  await create();
  await settle();
  return new Recorded(registrations);
}

/**
 * Like {@link record}, for code expected to fail: returns the first error (undefined when none) and what was
 * registered, so a test can assert both the message and that nothing was created. Catches synchronous throws,
 * a rejected promise returned by `create`, and rejections that surface later (e.g. inside an Output's `apply`).
 */
export async function recordRejection(
  create: () => unknown,
  config: Record<string, unknown> = {},
): Promise<{ error: unknown; rec: Recorded }> {
  let error: unknown;
  let caught = false;
  const keep = (e: unknown) => {
    if (caught) return;
    caught = true;
    error = e;
  };
  // An expected rejection that nobody awaits is this helper's to report, not the test runner's.
  const others = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", keep);
  try {
    const rec = await record(async () => {
      try {
        await create();
      } catch (e) {
        keep(e);
      }
    }, config);
    await new Promise((resolve) => setImmediate(resolve));
    return { error, rec };
  } finally {
    process.off("unhandledRejection", keep);
    for (const listener of others) process.on("unhandledRejection", listener);
  }
}
