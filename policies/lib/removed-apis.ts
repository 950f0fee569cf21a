/**
 * API versions Kubernetes no longer serves, from the upstream Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): group/version, then kind, then the minor
 * release that stopped serving it and the version to use instead.
 */
export const REMOVED_APIS: Readonly<Record<string, Readonly<Record<string, readonly [removedIn: string, use: string]>>>> = {
  "extensions/v1beta1": {
    Deployment: ["1.16", "apps/v1"],
    DaemonSet: ["1.16", "apps/v1"],
    ReplicaSet: ["1.16", "apps/v1"],
    NetworkPolicy: ["1.16", "networking.k8s.io/v1"],
    PodSecurityPolicy: ["1.16", "Pod Security Admission"],
    Ingress: ["1.22", "networking.k8s.io/v1"],
  },
  "apps/v1beta1": { Deployment: ["1.16", "apps/v1"], StatefulSet: ["1.16", "apps/v1"], ControllerRevision: ["1.16", "apps/v1"] },
  "apps/v1beta2": {
    Deployment: ["1.16", "apps/v1"],
    StatefulSet: ["1.16", "apps/v1"],
    DaemonSet: ["1.16", "apps/v1"],
    ReplicaSet: ["1.16", "apps/v1"],
    ControllerRevision: ["1.16", "apps/v1"],
  },
  "batch/v2alpha1": { CronJob: ["1.21", "batch/v1"] },
  "batch/v1beta1": { CronJob: ["1.25", "batch/v1"] },
  "admissionregistration.k8s.io/v1beta1": {
    MutatingWebhookConfiguration: ["1.22", "admissionregistration.k8s.io/v1"],
    ValidatingWebhookConfiguration: ["1.22", "admissionregistration.k8s.io/v1"],
  },
  "apiextensions.k8s.io/v1beta1": { CustomResourceDefinition: ["1.22", "apiextensions.k8s.io/v1"] },
  "apiregistration.k8s.io/v1beta1": { APIService: ["1.22", "apiregistration.k8s.io/v1"] },
  "certificates.k8s.io/v1beta1": { CertificateSigningRequest: ["1.22", "certificates.k8s.io/v1"] },
  "coordination.k8s.io/v1beta1": { Lease: ["1.22", "coordination.k8s.io/v1"] },
  "networking.k8s.io/v1beta1": { Ingress: ["1.22", "networking.k8s.io/v1"], IngressClass: ["1.22", "networking.k8s.io/v1"] },
  "rbac.authorization.k8s.io/v1beta1": {
    ClusterRole: ["1.22", "rbac.authorization.k8s.io/v1"],
    ClusterRoleBinding: ["1.22", "rbac.authorization.k8s.io/v1"],
    Role: ["1.22", "rbac.authorization.k8s.io/v1"],
    RoleBinding: ["1.22", "rbac.authorization.k8s.io/v1"],
  },
  "scheduling.k8s.io/v1beta1": { PriorityClass: ["1.22", "scheduling.k8s.io/v1"] },
  "storage.k8s.io/v1beta1": {
    CSIDriver: ["1.22", "storage.k8s.io/v1"],
    CSINode: ["1.22", "storage.k8s.io/v1"],
    StorageClass: ["1.22", "storage.k8s.io/v1"],
    VolumeAttachment: ["1.22", "storage.k8s.io/v1"],
    CSIStorageCapacity: ["1.27", "storage.k8s.io/v1"],
  },
  "discovery.k8s.io/v1beta1": { EndpointSlice: ["1.25", "discovery.k8s.io/v1"] },
  "events.k8s.io/v1beta1": { Event: ["1.25", "events.k8s.io/v1"] },
  "autoscaling/v2beta1": { HorizontalPodAutoscaler: ["1.25", "autoscaling/v2"] },
  "autoscaling/v2beta2": { HorizontalPodAutoscaler: ["1.26", "autoscaling/v2"] },
  "policy/v1beta1": { PodDisruptionBudget: ["1.25", "policy/v1"], PodSecurityPolicy: ["1.25", "Pod Security Admission"] },
  "node.k8s.io/v1beta1": { RuntimeClass: ["1.25", "node.k8s.io/v1"] },
  "flowcontrol.apiserver.k8s.io/v1beta1": {
    FlowSchema: ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
    PriorityLevelConfiguration: ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
  },
  "flowcontrol.apiserver.k8s.io/v1beta2": {
    FlowSchema: ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
    PriorityLevelConfiguration: ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
  },
  "flowcontrol.apiserver.k8s.io/v1beta3": {
    FlowSchema: ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
    PriorityLevelConfiguration: ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
  },
};
