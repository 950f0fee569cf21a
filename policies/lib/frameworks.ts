/** The compliance frameworks agentcloud policies cite, so each policy names them the same way. */
import type { PolicyComplianceFramework } from "@pulumi/policy";

/** Kubernetes Pod Security Standards, as of the Kubernetes minor the builders target (kubernetes-types 1.30). */
export function podSecurityStandards(specification: string): PolicyComplianceFramework {
  return {
    name: "Kubernetes Pod Security Standards",
    version: "v1.30",
    reference: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    specification,
  };
}

/** OWASP Top 10 for Agentic Applications (ASI01..ASI10). */
export function owaspAgenticTop10(specification: string): PolicyComplianceFramework {
  return {
    name: "OWASP Top 10 for Agentic Applications",
    version: "2026",
    reference: "https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/",
    specification,
  };
}

/** CIS Amazon EKS Benchmark. */
export function cisEks(specification: string): PolicyComplianceFramework {
  return {
    name: "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark",
    version: "1.7.0",
    reference: "https://www.cisecurity.org/benchmark/kubernetes",
    specification,
  };
}

/** NSA/CISA Kubernetes Hardening Guidance. */
export function nsaCisaHardening(specification: string): PolicyComplianceFramework {
  return {
    name: "NSA/CISA Kubernetes Hardening Guidance",
    version: "1.2",
    reference: "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF",
    specification,
  };
}

/** Kubernetes Deprecated API Migration Guide (the API versions each release stopped serving). */
export function kubernetesDeprecationGuide(specification: string): PolicyComplianceFramework {
  return {
    name: "Kubernetes Deprecated API Migration Guide",
    version: "v1.32",
    reference: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
    specification,
  };
}

/** CIS Google Kubernetes Engine (GKE) Benchmark. */
export function cisGke(specification: string): PolicyComplianceFramework {
  return {
    name: "CIS Google Kubernetes Engine (GKE) Benchmark",
    version: "1.6.0",
    reference: "https://www.cisecurity.org/benchmark/kubernetes",
    specification,
  };
}

/** CIS Amazon Web Services Foundations Benchmark (S3, KMS, IAM and logging controls outside EKS). */
export function cisAwsFoundations(specification: string): PolicyComplianceFramework {
  return {
    name: "CIS Amazon Web Services Foundations Benchmark",
    version: "3.0.0",
    reference: "https://www.cisecurity.org/benchmark/amazon_web_services",
    specification,
  };
}

/** CIS Google Cloud Platform Foundation Benchmark (Cloud Storage, KMS and IAM controls outside GKE). */
export function cisGcpFoundations(specification: string): PolicyComplianceFramework {
  return {
    name: "CIS Google Cloud Platform Foundation Benchmark",
    version: "3.0.0",
    reference: "https://www.cisecurity.org/benchmark/google_cloud_computing_platform",
    specification,
  };
}
