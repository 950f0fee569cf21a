import type { Registration } from "./mock-runtime";

const STACK = "pulumi:pulumi:Stack";

/** Up to this many top-level components, the summary lists each; above it, it counts them by type. */
export const LISTED_COMPONENTS = 20;

/** The file of the plan folder that lists every top-level component with its resource count. */
export const COMPONENTS_FILE = "components.txt";

/** One top-level component (child of the stack) and the custom resources it holds. */
export interface ComponentCount {
  /** `<type> <name>`, e.g. `Agent research-assistant`, `provider kubernetes local`. */
  component: string;
  /** What the by-type summary groups it under, e.g. `Agent`, `provider kubernetes`. */
  type: string;
  resources: number;
}

/** Top-level components (children of the stack) and how many custom resources each holds, in registration order. */
export function resourcesPerComponent(registrations: readonly Registration[]): ComponentCount[] {
  const byUrn = new Map(registrations.map((r) => [r.urn, r]));
  const top = (r: Registration): Registration => {
    let current = r;
    for (
      let parent = current.parent && byUrn.get(current.parent);
      parent && parent.type !== STACK;
      parent = parent.parent && byUrn.get(parent.parent)
    ) {
      current = parent;
    }
    return current;
  };
  const counts = new Map<string, ComponentCount>();
  for (const r of registrations) {
    if (!r.custom || r.type === STACK) continue;
    const root = top(r);
    const type =
      root !== r
        ? (root.type.split(":").pop() ?? root.type)
        : r.type.startsWith("pulumi:providers:")
          ? `provider ${r.type.split(":").pop()}`
          : r.type;
    const component = `${type} ${root.name}`;
    const entry = counts.get(component) ?? { component, type, resources: 0 };
    entry.resources += 1;
    counts.set(component, entry);
  }
  return [...counts.values()];
}

/** Components and resources per component type, in order of first appearance. */
export function resourcesPerComponentType(
  components: readonly ComponentCount[],
): { type: string; components: number; resources: number }[] {
  const byType = new Map<string, { type: string; components: number; resources: number }>();
  for (const c of components) {
    const entry = byType.get(c.type) ?? { type: c.type, components: 0, resources: 0 };
    entry.components += 1;
    entry.resources += c.resources;
    byType.set(c.type, entry);
  }
  return [...byType.values()];
}

const line = (label: string, count: string): string => `  ${label.padEnd(48)} ${count}`;

/**
 * The resource lines of the plan summary: each component for small stacks; for fleets with more than
 * {@link LISTED_COMPONENTS} components, one line per component type (the full list is in {@link COMPONENTS_FILE}).
 */
export function componentSummaryLines(registrations: readonly Registration[]): string[] {
  const components = resourcesPerComponent(registrations);
  if (components.length <= LISTED_COMPONENTS) {
    return ["Resources per component:", ...components.map((c) => line(c.component, String(c.resources)))];
  }
  const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  return [
    `Resources per component type (${plural(components.length, "component")}; each one is listed in ${COMPONENTS_FILE}):`,
    ...resourcesPerComponentType(components).map((t) =>
      line(t.type, `${plural(t.components, "component")}, ${plural(t.resources, "resource")}`),
    ),
  ];
}

/** {@link COMPONENTS_FILE}: every top-level component and its resource count, one per line, in registration order. */
export function componentsText(registrations: readonly Registration[]): string {
  return resourcesPerComponent(registrations)
    .map((c) => `${c.component.padEnd(48)} ${c.resources}\n`)
    .join("");
}
