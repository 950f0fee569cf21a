/** Every agentcloud policy, in report order. The pack (index.ts) and the offline plan evaluate exactly this list. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { noTokenAutomount } from "./identity/no-token-automount";
import { defaultDeny } from "./network/default-deny";
import { dropAllCapabilities } from "./pod-security/drop-all-capabilities";
import { noHostNamespaces } from "./pod-security/no-host-namespaces";
import { noHostPath } from "./pod-security/no-host-path";
import { noPrivilegeEscalation } from "./pod-security/no-privilege-escalation";
import { noPrivileged } from "./pod-security/no-privileged";
import { readOnlyRootFilesystem } from "./pod-security/read-only-root-filesystem";
import { runAsNonRoot } from "./pod-security/run-as-non-root";
import { seccompRuntimeDefault } from "./pod-security/seccomp-runtime-default";
import { runtimeClassRequired } from "./sandbox/runtime-class-required";
import { unsafeOptOut } from "./sandbox/unsafe-opt-out";

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  runtimeClassRequired,
  unsafeOptOut,
  runAsNonRoot,
  noPrivilegeEscalation,
  dropAllCapabilities,
  seccompRuntimeDefault,
  readOnlyRootFilesystem,
  noHostNamespaces,
  noHostPath,
  noPrivileged,
  noTokenAutomount,
  defaultDeny,
];
