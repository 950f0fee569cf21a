/** The operators of a label selector's `matchExpressions`. */
export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/**
 * Whether a label `value` (undefined when the label is absent) meets a selector requirement, as Kubernetes reads it;
 * an unknown operator never does (the API server would reject the selector).
 */
export function meetsRequirement(operator: unknown, values: readonly unknown[], value: unknown): boolean {
  switch (operator as SelectorOperator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}
