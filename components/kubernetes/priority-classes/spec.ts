import type { Intent } from "../../vocabulary";

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
