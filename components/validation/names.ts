import { showValue, type ValidationProblem } from "./problems";
import { annotationBytes, MAX_ANNOTATIONS_BYTES } from "./sizes";
import { isRecord } from "./values";

// The apimachinery rules (k8s.io/apimachinery/pkg/util/validation), anchored and length-limited as there. The
// patterns sit inside the checks (not module constants) so that mutation testing runs only the tests that reach them.

/** Longest DNS-1123 label, label value and name part of a qualified name. */
export const MAX_LABEL = 63;
/** Longest DNS-1123 subdomain. */
export const MAX_SUBDOMAIN = 253;

/** Problems with a DNS-1123 label (namespace, Service, RuntimeClass names), at most `max` characters. */
export function checkDnsLabel(argument: string, value: unknown, max = MAX_LABEL): ValidationProblem[] {
  if (typeof value !== "string" || value.length === 0 || value.length > max || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    return [
      {
        argument,
        value,
        problem: `must be a DNS-1123 label of at most ${max} characters (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
        fix: `use a name like "my-agent"`,
      },
    ];
  }
  return [];
}

/** Problems with a DNS-1123 subdomain (most object names, StorageClass names), at most 253 characters. */
export function checkDnsSubdomain(argument: string, value: unknown): ValidationProblem[] {
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > MAX_SUBDOMAIN ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)
  ) {
    return [
      {
        argument,
        value,
        problem: "must be a DNS-1123 subdomain of at most 253 characters (lower-case letters, digits, '-' and '.')",
        fix: `use a name like "my-agent" or "tools.example.com"`,
      },
    ];
  }
  return [];
}

/** Whether `value` is a qualified name: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function isQualifiedName(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const parts = value.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || checkDnsSubdomain("", parts[0]).length === 0;
  return prefixOk && name.length <= MAX_LABEL && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** Problems with a label key (a qualified name). */
export function checkLabelKey(argument: string, value: unknown): ValidationProblem[] {
  if (!isQualifiedName(value)) {
    return [
      {
        argument,
        value,
        problem: "is not a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
        fix: `use a key like "example.com/pool"`,
      },
    ];
  }
  return [];
}

/** Problems with a Kubernetes label value (at most 63 characters). */
export function checkLabelValue(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value !== "string" || value.length > MAX_LABEL || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
    return [
      {
        argument,
        value,
        problem:
          "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
        fix: `use a value like "platform-team" (no spaces, '@' or '/')`,
      },
    ];
  }
  return [];
}

/** Problems with a map of label keys to label values (labels, a nodeSelector or a selector's matchLabels). */
export function checkLabelMap(argument: string, value: unknown): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      { argument, value, problem: "must be a map of label keys to label values", fix: `use a map like {"example.com/pool": "sandbox"}` },
    ];
  }
  return Object.entries(value).flatMap(([key, v]) => [
    ...checkLabelKey(`${argument}[${showValue(key)}]`, key),
    ...checkLabelValue(`${argument}[${showValue(key)}]`, v),
  ]);
}

/** Problems with a map of annotations: qualified-name keys (case-insensitive, as the API server checks them), string values, 256 KiB in all. */
export function checkAnnotationMap(argument: string, value: unknown): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      {
        argument,
        value,
        problem: "must be a map of annotation keys to string values",
        fix: `use a map like {"example.com/role": "reader"}`,
      },
    ];
  }
  const problems = Object.entries(value).flatMap(([key, v]): ValidationProblem[] => {
    const at = `${argument}[${showValue(key)}]`;
    const keyProblems: ValidationProblem[] = isQualifiedName(key.toLowerCase())
      ? []
      : [
          {
            argument: at,
            value: key,
            problem:
              "is not an annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
            fix: `use a key like "eks.amazonaws.com/role-arn"`,
          },
        ];
    const valueProblems: ValidationProblem[] =
      typeof v === "string" ? [] : [{ argument: at, value: v, problem: "must be a string", fix: "give the annotation a string value" }];
    return [...keyProblems, ...valueProblems];
  });
  const bytes = annotationBytes(value);
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    problems.push({
      argument,
      value: `${bytes} bytes`,
      problem: "is over the API server's limit of 256 KiB (262144 bytes) for all annotations of an object",
      fix: "keep large data out of annotations (use a ConfigMap)",
    });
  }
  return problems;
}

/** Problems with keys of a label or annotation map that use a prefix only agentcloud may set. */
export function checkReservedKeys(argument: string, value: unknown, prefix: string): ValidationProblem[] {
  if (!isRecord(value)) return [];
  return Object.keys(value)
    .filter((key) => key.startsWith(prefix))
    .map((key) => ({
      argument: `${argument}[${showValue(key)}]`,
      value: key,
      problem: `uses the prefix "${prefix}", which agentcloud sets itself`,
      fix: `use a key under your own domain, like "example.com/${key.slice(prefix.length) || "team"}"`,
    }));
}

/**
 * Problems with an extended resource name (GPUs and other device-plugin resources), as the API server checks it:
 * a qualified name with a prefix outside `kubernetes.io`, not starting with `requests.`, that still is a qualified
 * name with `requests.` in front (its quota name).
 */
export function checkExtendedResourceName(argument: string, value: unknown): ValidationProblem[] {
  const ok =
    typeof value === "string" &&
    value.includes("/") &&
    !value.includes("kubernetes.io/") &&
    !value.startsWith("requests.") &&
    isQualifiedName(`requests.${value}`);
  if (!ok) {
    return [{ argument, value, problem: "is not an extended resource name (domain/name)", fix: `use a name like "nvidia.com/gpu"` }];
  }
  return [];
}

/** Problems with a container image reference. */
export function checkImage(argument: string, value: unknown): ValidationProblem[] {
  if (
    typeof value !== "string" ||
    !/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._/-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(value)
  ) {
    return [{ argument, value, problem: "is not a container image reference", fix: `use a reference like "ghcr.io/acme/agent:1.2.3"` }];
  }
  return [];
}
