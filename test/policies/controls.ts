/**
 * The control ids policies may cite, per framework (compliance-policies style): each policy's framework and tags
 * must name entries of these tables. Sources: Kubernetes Pod Security Standards (kubernetes.io/docs/concepts/
 * security/pod-security-standards), CIS Amazon EKS Benchmark 1.7.0, CIS GKE Benchmark 1.6.0, OWASP Top 10 for
 * Agentic Applications 2026, NSA/CISA Kubernetes Hardening Guidance 1.2, the Kubernetes Deprecated API Migration Guide.
 */

/** PSS controls by level: tag id to the control title the framework specification starts with. */
export const PSS_CONTROLS: Record<"baseline" | "restricted", Record<string, string>> = {
  baseline: {
    "host-process": "HostProcess",
    "host-namespaces": "Host Namespaces",
    "privileged-containers": "Privileged Containers",
    capabilities: "Capabilities",
    "hostpath-volumes": "HostPath Volumes",
    "host-ports": "Host Ports",
    apparmor: "AppArmor",
    selinux: "SELinux",
    "proc-mount-type": "/proc Mount Type",
    seccomp: "Seccomp",
    sysctls: "Sysctls",
  },
  restricted: {
    "volume-types": "Volume Types",
    "privilege-escalation": "Privilege Escalation",
    "running-as-non-root": "Running as Non-root",
    "running-as-non-root-user": "Running as Non-root user",
    seccomp: "Seccomp",
    capabilities: "Capabilities",
  },
};

/** CIS EKS 1.7.0 recommendations cited. */
export const CIS_EKS: Record<string, string> = {
  "4.1.6": "Ensure that Service Account Tokens are only mounted where necessary",
  "4.2.1": "Minimize the admission of privileged containers",
  "4.2.2": "Minimize the admission of containers wishing to share the host process ID namespace",
  "4.2.3": "Minimize the admission of containers wishing to share the host IPC namespace",
  "4.2.4": "Minimize the admission of containers wishing to share the host network namespace",
  "4.2.5": "Minimize the admission of containers with allowPrivilegeEscalation",
  "4.2.6": "Minimize the admission of root containers",
  "4.3.2": "Ensure that all Namespaces have Network Policies defined",
  "2.1.1": "Enable audit Logs",
  "5.3.1": "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
  "5.4.1": "Restrict Access to the Control Plane Endpoint",
  "5.4.2": "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
};

/** CIS AWS Foundations 3.0.0 recommendations cited (ids and titles as Prowler's compliance/aws/cis_3.0_aws.json). */
export const CIS_AWS: Record<string, string> = {
  "1.16": 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
  "2.1.4": "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
  "3.6": "Ensure rotation for customer created symmetric CMKs is enabled",
  "5.6": "Ensure that EC2 Metadata Service only allows IMDSv2",
};

/** CIS GKE 1.6.0 recommendations cited. */
export const CIS_GKE: Record<string, string> = {
  "4.1.6": "Ensure that Service Account Tokens are only mounted where necessary",
  "4.2.1": "Ensure that the cluster enforces Pod Security Standard Baseline profile or stricter for all namespaces",
  "4.3.2": "Ensure that all Namespaces have Network Policies defined",
  "4.6.2": "Ensure that the seccomp profile is set to RuntimeDefault in the pod definitions",
  "4.6.3": "Apply Security Context to Pods and Containers",
  // Section 5 (Managed Services) titles as in aquasecurity/kube-bench cfg/gke-1.6.0/managedservices.yaml.
  "5.2.1": "Ensure GKE clusters are not running using the Compute Engine default service account",
  "5.2.2": "Prefer using dedicated GCP Service Accounts and Workload Identity",
  "5.3.1": "Ensure Kubernetes Secrets are encrypted using keys managed in Cloud KMS",
  "5.4.1": "Ensure the GKE Metadata Server is Enabled",
  "5.5.1": "Ensure Container-Optimized OS (cos_containerd) is used for GKE node images",
  "5.5.5": "Ensure Shielded GKE Nodes are Enabled",
  "5.5.6": "Ensure Integrity Monitoring for Shielded GKE Nodes is Enabled",
  "5.5.7": "Ensure Secure Boot for Shielded GKE Nodes is Enabled",
  "5.6.3": "Ensure Control Plane Authorized Networks is Enabled",
  "5.6.4": "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
  "5.6.5": "Ensure clusters are created with Private Nodes",
  "5.10.3": "Consider GKE Sandbox for running untrusted workloads",
};

/** CIS Google Cloud Platform Foundation Benchmark 3.0.0 recommendations cited. */
export const CIS_GCP: Record<string, string> = {
  "2.3": "Ensure That Retention Policies on Cloud Storage Buckets Used for Exporting Logs Are Configured Using Bucket Lock",
  "5.1": "Ensure That Cloud Storage Bucket Is Not Anonymously or Publicly Accessible",
  "5.2": "Ensure That Cloud Storage Buckets Have Uniform Bucket-Level Access Enabled",
};

/** OWASP Top 10 for Agentic Applications (2026). */
export const OWASP_AGENTIC: Record<string, string> = {
  ASI01: "Agent Goal Hijack",
  ASI02: "Tool Misuse and Exploitation",
  ASI03: "Identity and Privilege Abuse",
  ASI04: "Agentic Supply Chain Vulnerabilities",
  ASI05: "Unexpected Code Execution",
  ASI06: "Memory and Context Poisoning",
  ASI07: "Insecure Inter-Agent Communication",
  ASI08: "Cascading Failures",
  ASI09: "Human-Agent Trust Exploitation",
  ASI10: "Rogue Agents",
};

/** Every tag a policy may carry: control ids of the tables above, and a few plain categories. */
export function knownTags(): Set<string> {
  return new Set([
    "pss:baseline",
    "pss:restricted",
    ...Object.keys(PSS_CONTROLS.baseline).map((c) => `pss-baseline:${c}`),
    ...Object.keys(PSS_CONTROLS.restricted).map((c) => `pss-restricted:${c}`),
    ...Object.keys(CIS_EKS).map((c) => `cis-eks-1.7:${c}`),
    ...Object.keys(CIS_GKE).map((c) => `cis-gke-1.6:${c}`),
    ...Object.keys(CIS_GCP).map((c) => `cis-gcp-3.0:${c}`),
    ...Object.keys(CIS_AWS).map((c) => `cis-aws-3.0:${c}`),
    ...Object.keys(OWASP_AGENTIC).map((c) => `owasp-agentic-top10:${c}`),
    "nsa-cisa-k8s-hardening-1.2:network-separation",
    // NSA/CISA Kubernetes Hardening Guidance 1.2, "Audit Logging and Threat Detection" (logging, threat detection, alerting).
    "nsa-cisa-k8s-hardening-1.2:logging-threat-detection",
    "k8s-deprecation-guide:removed-apis",
    "agent-sandbox",
    "review",
    "beyond-pss",
    "supply-chain",
  ]);
}

/** The control title a framework specification must start with, for each framework the pack cites. */
export function specificationTitles(framework: string): string[] {
  switch (framework) {
    case "Kubernetes Pod Security Standards":
      return [
        ...Object.values(PSS_CONTROLS.baseline).map((t) => `Baseline: ${t} (`),
        ...Object.values(PSS_CONTROLS.restricted).map((t) => `Restricted: ${t} (`),
      ];
    case "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark":
      return Object.entries(CIS_EKS).map(([id, title]) => `${id} ${title}`);
    case "CIS Google Kubernetes Engine (GKE) Benchmark":
      return Object.entries(CIS_GKE).map(([id, title]) => `${id} ${title}`);
    case "CIS Amazon Web Services Foundations Benchmark":
      return Object.entries(CIS_AWS).map(([id, title]) => `${id} ${title}`);
    case "CIS Google Cloud Platform Foundation Benchmark":
      return Object.entries(CIS_GCP).map(([id, title]) => `${id} ${title}`);
    case "OWASP Top 10 for Agentic Applications":
      return Object.entries(OWASP_AGENTIC).map(([id, title]) => `${id} ${title}: `);
    case "NSA/CISA Kubernetes Hardening Guidance":
      return ["Kubernetes Pod security: immutable container file systems"];
    case "Kubernetes Deprecated API Migration Guide":
      return ["Removed APIs by release"];
    default:
      return [];
  }
}
