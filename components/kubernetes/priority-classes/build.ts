import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { INTENTS, priorityClassName, type Intent } from "../../vocabulary";
import { standardLabels } from "../labels";
import type { BuiltObject } from "../objects";
import { resolvePriorityValues } from "./resolve";
import type { PriorityClassesSpec } from "./spec";

const DESCRIPTIONS: Record<Intent, string> = {
  critical: "agentcloud: agents that must keep running; may preempt lower-priority agents.",
  standard: "agentcloud: ordinary interactive agents; may preempt batch agents.",
  batch: "agentcloud: background and batch agents; never preempt other pods.",
};

/**
 * One PriorityClass per intent, each with the intent as its role. Batch uses `preemptionPolicy: Never` so batch
 * agents never evict others.
 */
export function buildPriorityClasses(spec: PriorityClassesSpec = {}): BuiltObject<PriorityClass>[] {
  const values = resolvePriorityValues(spec);
  return INTENTS.map((intent) => ({
    role: intent,
    object: {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: priorityClassName(intent), labels: standardLabels(priorityClassName(intent), "priority-class") },
      value: values[intent],
      globalDefault: false,
      preemptionPolicy: intent === "batch" ? "Never" : "PreemptLowerPriority",
      description: DESCRIPTIONS[intent],
    },
  }));
}
