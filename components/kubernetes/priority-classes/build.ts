import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { ValidationProblem } from "../../validation/problems";
import { checkInteger } from "../../validation/values";
import { INTENTS, priorityClassName, type Intent } from "../../vocabulary";
import { standardLabels } from "../labels";

/** Priority values per intent. */
export interface PriorityClassesSpec {
  /**
   * Priority value per intent. User priorities must stay at or below 1,000,000,000 (higher is reserved for
   * system-cluster-critical and system-node-critical), and critical > standard > batch.
   * @default { critical: 100000, standard: 10000, batch: 1000 }
   */
  values?: Partial<Record<Intent, number>>;
}

/** PriorityClass values per intent when `values` leaves one out. */
export const DEFAULT_PRIORITY_VALUES: Readonly<Record<Intent, number>> = { critical: 100000, standard: 10000, batch: 1000 };

const DESCRIPTIONS: Record<Intent, string> = {
  critical: "agentcloud: agents that must keep running; may preempt lower-priority agents.",
  standard: "agentcloud: ordinary interactive agents; may preempt batch agents.",
  batch: "agentcloud: background and batch agents; never preempt other pods.",
};

/** Every problem with a PriorityClasses spec. */
export function validatePriorityClassesSpec(spec: PriorityClassesSpec = {}): ValidationProblem[] {
  const values = { ...DEFAULT_PRIORITY_VALUES, ...spec.values };
  const problems = INTENTS.flatMap((i) => checkInteger(`values.${i}`, values[i], -2147483648, 1_000_000_000));
  if (problems.length === 0 && !(values.critical > values.standard && values.standard > values.batch)) {
    problems.push({
      argument: "values", value: values,
      problem: "must order critical > standard > batch",
      fix: "choose values so that critical is highest and batch lowest",
    });
  }
  return problems;
}

/** One PriorityClass per intent. Batch uses `preemptionPolicy: Never` so batch agents never evict others. */
export function buildPriorityClasses(spec: PriorityClassesSpec = {}): PriorityClass[] {
  const values = { ...DEFAULT_PRIORITY_VALUES, ...spec.values };
  return INTENTS.map((intent) => ({
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: priorityClassName(intent), labels: standardLabels(priorityClassName(intent), "priority-class") },
    value: values[intent],
    globalDefault: false,
    preemptionPolicy: intent === "batch" ? "Never" : "PreemptLowerPriority",
    description: DESCRIPTIONS[intent],
  }));
}
