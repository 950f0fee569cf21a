import type { Intent } from "../../vocabulary";
import { DEFAULT_PRIORITY_VALUES, type PriorityClassesSpec } from "./spec";

/** The priority value of every intent: the spec's, else the default. */
export function resolvePriorityValues(spec: PriorityClassesSpec = {}): Record<Intent, number> {
  return { ...DEFAULT_PRIORITY_VALUES, ...spec.values };
}
