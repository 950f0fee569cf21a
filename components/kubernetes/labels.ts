import { LABELS, MANAGED_BY } from "../vocabulary";

/** The recommended labels agentcloud puts on every object it renders. */
export function standardLabels(name: string, component: string): Record<string, string> {
  return {
    [LABELS.name]: name,
    [LABELS.component]: component,
    [LABELS.partOf]: MANAGED_BY,
    [LABELS.managedBy]: MANAGED_BY,
  };
}
