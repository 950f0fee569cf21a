import { COMPONENTS_FILE } from "./summary";

/** Folders every plan has, empty or not: `kubectl apply -f` them in this order. */
export const PLAN_FOLDERS = ["crds", "manifests"] as const;

/** The files every plan writes at the top of its folder (manifests go under {@link PLAN_FOLDERS}). */
export const PLAN_OWN_FILES = ["resources.json", "helm-releases.yaml", "policy-report.json", COMPONENTS_FILE] as const;

/** Names at the top of the plan folder that belong to the plan itself; a program's plan files cannot take them. */
export const RESERVED_PLAN_NAMES: readonly string[] = [...PLAN_OWN_FILES, ...PLAN_FOLDERS];
