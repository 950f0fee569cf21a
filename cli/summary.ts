import type { Registration } from "./mock-runtime";

const STACK = "pulumi:pulumi:Stack";

/** Top-level components (children of the stack) and how many custom resources each holds, in registration order. */
export function resourcesPerComponent(registrations: readonly Registration[]): { component: string; resources: number }[] {
  const byUrn = new Map(registrations.map((r) => [r.urn, r]));
  const top = (r: Registration): Registration => {
    let current = r;
    for (let parent = current.parent && byUrn.get(current.parent); parent && parent.type !== STACK; parent = parent.parent && byUrn.get(parent.parent)) {
      current = parent;
    }
    return current;
  };
  const counts = new Map<string, { component: string; resources: number }>();
  for (const r of registrations) {
    if (!r.custom || r.type === STACK) continue;
    const root = top(r);
    const label = root !== r ? `${root.type.split(":").pop()} ${root.name}`
      : r.type.startsWith("pulumi:providers:") ? `provider ${r.type.split(":").pop()} ${r.name}` : `${r.type} ${r.name}`;
    const entry = counts.get(label) ?? { component: label, resources: 0 };
    entry.resources += 1;
    counts.set(label, entry);
  }
  return [...counts.values()];
}
