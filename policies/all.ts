/**
 * The agentcloud CrossGuard policies, to evaluate or to compose into your own `PolicyPack`.
 * @module agentcloud/policies
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { noStaticCredentials } from "./audit/no-static-credentials";
import { pipelineRequired } from "./audit/pipeline-required";
import { signingKeyNotExportable } from "./audit/signing-key-not-exportable";
import { awsPolicies } from "./aws/pack";
import { gcpPolicies } from "./gcp/pack";
import { authentication } from "./gateway/authentication";
import { hardened } from "./gateway/hardened";
import { noAllowAll } from "./gateway/no-allow-all";
import { noPublicService } from "./gateway/no-public-service";
import { required } from "./gateway/required";
import { noTokenAutomount } from "./identity/no-token-automount";
import { unsafeBroadCloudPermissions } from "./identity/unsafe-broad-cloud-permissions";
import { noLatestTag } from "./images/no-latest-tag";
import { noRemovedApis } from "./kubernetes/no-removed-apis";
import { defaultDeny } from "./network/default-deny";
import { encryptionInTransit } from "./network/encryption-in-transit";
import { fabricDefaultDeny } from "./network/fabric-default-deny";
import { networkpolicyOnlyAcknowledged } from "./network/networkpolicy-only-acknowledged";
import { noMetadataEgress } from "./network/no-metadata-egress";
import { noOpenEgress } from "./network/no-open-egress";
import { unsafeNetworkFabric } from "./network/unsafe-network-fabric";
import { wildcardEgressAcknowledged } from "./network/wildcard-egress-acknowledged";
import { grafanaSecured } from "./observability/grafana-secured";
import { observabilityRequired } from "./observability/required";
import { retention } from "./observability/retention";
import { apparmorConfined } from "./pod-security/apparmor-confined";
import { dropAllCapabilities } from "./pod-security/drop-all-capabilities";
import { noHostNamespaces } from "./pod-security/no-host-namespaces";
import { noHostPath } from "./pod-security/no-host-path";
import { noHostPorts } from "./pod-security/no-host-ports";
import { noHostProcess } from "./pod-security/no-host-process";
import { noPrivilegeEscalation } from "./pod-security/no-privilege-escalation";
import { noPrivileged } from "./pod-security/no-privileged";
import { nonRootUser } from "./pod-security/non-root-user";
import { procMountDefault } from "./pod-security/proc-mount-default";
import { readOnlyRootFilesystem } from "./pod-security/read-only-root-filesystem";
import { runAsNonRoot } from "./pod-security/run-as-non-root";
import { safeSysctls } from "./pod-security/safe-sysctls";
import { seccompRuntimeDefault } from "./pod-security/seccomp-runtime-default";
import { selinuxOptions } from "./pod-security/selinux-options";
import { volumeTypes } from "./pod-security/volume-types";
import { runtimeClassHandler } from "./sandbox/runtime-class-handler";
import { runtimeClassRequired } from "./sandbox/runtime-class-required";
import { unsafeOptOut } from "./sandbox/unsafe-opt-out";

/** Every agentcloud policy, in report order. The pack (index.ts) and the offline plan evaluate exactly this list. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  runtimeClassRequired,
  runtimeClassHandler,
  unsafeOptOut,
  runAsNonRoot,
  nonRootUser,
  noPrivilegeEscalation,
  dropAllCapabilities,
  seccompRuntimeDefault,
  readOnlyRootFilesystem,
  noHostNamespaces,
  noHostPath,
  noHostPorts,
  noHostProcess,
  noPrivileged,
  procMountDefault,
  safeSysctls,
  selinuxOptions,
  apparmorConfined,
  volumeTypes,
  noTokenAutomount,
  unsafeBroadCloudPermissions,
  defaultDeny,
  fabricDefaultDeny,
  noOpenEgress,
  noMetadataEgress,
  wildcardEgressAcknowledged,
  encryptionInTransit,
  networkpolicyOnlyAcknowledged,
  unsafeNetworkFabric,
  required,
  authentication,
  noAllowAll,
  noPublicService,
  hardened,
  observabilityRequired,
  grafanaSecured,
  retention,
  pipelineRequired,
  noStaticCredentials,
  signingKeyNotExportable,
  noRemovedApis,
  noLatestTag,
  ...awsPolicies,
  ...gcpPolicies,
];
