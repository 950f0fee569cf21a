/**
 * The rules' verdicts as pure functions of plain values, shared by the Pulumi pack and the CDK gate
 * (components/cdk/gate), so a rule is decided in one place whatever tool provisions the resource. Each side only reads
 * its own resource shape (Pulumi inputs, CloudFormation properties) into these arguments and names its own fields.
 * This file reaches no `@pulumi/*` package, not even for types: test/architecture.test.ts checks the CDK side.
 */
import { formatAddress, isWholeFamily, parseCidr, subtract, type AddressRange } from "./ip";
import { ANNOTATIONS, AWS_TAGS, LABELS, SANDBOX_RUNTIMES } from "./vocabulary";

export { POD_BEARING } from "./kinds";
export { ANNOTATIONS, AWS_TAGS, LABELS, SANDBOX_RUNTIMES };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// --- Sandbox runtime required ---

/** True when an opt-out value states a reason (an empty or blank reason is no opt-out). */
export function isStatedReason(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Why a pod template is an agent's (for messages), or undefined: its own or its workload's labels carry
 * `agentcloud.dev/agent`, or it sits in a tenant namespace (an unset namespace is `default`).
 */
export function agentReasonOf(
  podLabels: unknown,
  objectLabels: unknown,
  namespace: string | undefined,
  tenantNamespaces: { has(name: string): boolean },
): string | undefined {
  const labelled = (labels: unknown) => isObject(labels) && typeof labels[LABELS.agent] === "string";
  if (labelled(podLabels) || labelled(objectLabels)) return `labelled ${LABELS.agent}`;
  const at = namespace ?? "default";
  return tenantNamespaces.has(at) ? `in tenant namespace "${at}"` : undefined;
}

/** The sandbox RuntimeClass names accepted: agentcloud's, then the configured extras, without repeats. */
export function sandboxRuntimes(extra: readonly string[]): string[] {
  return [...new Set<string>([...SANDBOX_RUNTIMES, ...extra])];
}

/** An agent's runtimeClassName judged: `unset`, `not-sandbox`, or undefined when it names an accepted sandbox. */
export function runtimeClassVerdict(runtimeClass: unknown, allowed: readonly string[]): "unset" | "not-sandbox" | undefined {
  if (typeof runtimeClass !== "string" || runtimeClass === "") return "unset";
  return allowed.includes(runtimeClass) ? undefined : "not-sandbox";
}

// --- Audit bucket locked ---

/** The minimum default retention of an audit bucket, in days (components/aws/audit's AUDIT_MINIMUM_RETENTION_DAYS). */
export const DEFAULT_MINIMUM_RETENTION_DAYS = 90;

/** Days a default retention locks records for (`days`, else `years` x 365), or undefined when neither is a whole number. */
export function retentionDays(days: unknown, years: unknown): number | undefined {
  if (typeof days === "number" && Number.isInteger(days)) return days;
  if (typeof years === "number" && Number.isInteger(years)) return years * 365;
  return undefined;
}

/** `90 days`, `1 day`. */
export function dayCount(n: number): string {
  return `${n} ${n === 1 ? "day" : "days"}`;
}

// --- Private endpoint ---

/** `10.0.0.0/8`, as a range's canonical text. */
export function cidrText(range: AddressRange): string {
  const bits = range.family === 4 ? 32 : 128;
  let prefix = bits;
  while (prefix > 0 && (range.end - range.start + 1n) >> BigInt(bits - prefix) > 1n) prefix--;
  return `${formatAddress(range.family, range.start)}/${prefix}`;
}

/** True when the ranges, none of them whole, together hold every address of a family (`0.0.0.0/1` and `128.0.0.0/1`). */
function coverEverything(ranges: readonly AddressRange[]): boolean {
  return ([4, 6] as const).some((family) => {
    const own = ranges.filter((r) => r.family === family && !isWholeFamily(r));
    const whole: AddressRange = { family, start: 0n, end: family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n };
    return own.length > 1 && subtract([whole], own).length === 0;
  });
}

/** What is wrong with a public endpoint's allowed CIDRs: each entry's problem by index, and whether together they allow everything. */
export interface PublicCidrProblems {
  /** Entries that are no CIDR, by index. */
  invalid: number[];
  /** Entries that are a whole address family (`0.0.0.0/0`, `::/0`), by index, with their canonical text. */
  everything: { index: number; cidr: string }[];
  /** The canonical text of the other entries when together they hold every address; undefined otherwise. */
  together?: string[];
}

/** The public endpoint's CIDRs judged (an empty list is the cloud's default, every address, and is the caller's case). */
export function publicCidrProblems(cidrs: readonly unknown[]): PublicCidrProblems {
  const found: PublicCidrProblems = { invalid: [], everything: [] };
  const ranges: AddressRange[] = [];
  cidrs.forEach((cidr, index) => {
    const range = parseCidr(cidr);
    if (range === undefined) found.invalid.push(index);
    else if (isWholeFamily(range)) found.everything.push({ index, cidr: cidrText(range) });
    else ranges.push(range);
  });
  if (coverEverything(ranges)) found.together = ranges.map(cidrText);
  return found;
}

// --- IMDSv2 ---

/** A launch template's instance metadata options, read from either tool's shape. */
export interface MetadataOptions {
  httpEndpoint: unknown;
  httpTokens: unknown;
  httpPutResponseHopLimit: unknown;
}

/** How messages name the two fields (`metadataOptions.httpTokens`, `LaunchTemplateData.MetadataOptions.HttpTokens`). */
export interface MetadataOptionNames {
  httpTokens: string;
  httpPutResponseHopLimit: string;
}

/** What is wrong with metadata options, as message fragments; empty when they require IMDSv2 with hop limit 1. */
export function metadataProblems(options: MetadataOptions, names: MetadataOptionNames): string[] {
  // No metadata service at all is stricter still.
  if (options.httpEndpoint === "disabled") return [];
  const problems: string[] = [];
  const tokens = options.httpTokens;
  if (tokens !== "required") {
    problems.push(
      tokens === undefined
        ? `leaves ${names.httpTokens} unset (the AMI decides; EC2's default "optional" accepts IMDSv1)`
        : `sets ${names.httpTokens} to ${tokens === "optional" ? '"optional"' : 'a value other than "required"'}, which accepts IMDSv1`,
    );
  }
  // Unset, an AMI registered with ImdsSupport v2.0 launches with httpTokens required and hop limit 2 (EC2 API,
  // Image.ImdsSupport), and a plain one with tokens optional and hop limit 1: neither is what a node needs.
  const hops = options.httpPutResponseHopLimit;
  if (hops !== 1) {
    problems.push(
      hops === undefined
        ? `leaves ${names.httpPutResponseHopLimit} unset (the AMI decides; AMIs that require IMDSv2 set 2, which lets pods reach the node's credentials)`
        : `sets ${names.httpPutResponseHopLimit} to ${typeof hops === "number" && Number.isInteger(hops) ? String(hops) : "a value other than 1"}, which lets pods reach the node's credentials`,
    );
  }
  return problems;
}

// --- No wildcard IAM for agents ---

/** A string-or-list IAM field (`Action`, `Resource`) as a list; non-strings are kept as `undefined` entries (fail closed). */
function stringsOf(value: unknown): (string | undefined)[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((v) => (typeof v === "string" ? v : undefined));
}

/** One statement of an IAM policy document, as the AWS rules judge it. */
export interface IamStatement {
  /** Where it sits in the document: `Statement[0]`. */
  path: string;
  /** `Allow` unless the statement says `Deny` (a missing Effect is judged as Allow). */
  effect: "Allow" | "Deny";
  /** The `Action` entries; a non-string entry is undefined. */
  actions: (string | undefined)[];
  /** The `Resource` entries; a non-string entry is undefined. */
  resources: (string | undefined)[];
  /** True when the statement uses `NotAction` (every action but some). */
  notAction: boolean;
  /** True when the statement uses `NotResource` (every resource but some). */
  notResource: boolean;
}

/**
 * The statements of an IAM policy document given as JSON text or as an object, with `Statement` an object or a list;
 * undefined when the document cannot be read.
 */
export function iamStatements(document: unknown): IamStatement[] | undefined {
  let parsed: unknown = document;
  if (typeof document === "string") {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) return undefined;
  const statement = parsed.Statement;
  const statements = Array.isArray(statement) ? statement : isObject(statement) ? [statement] : undefined;
  if (statements === undefined) return undefined;
  return statements.map((s, i) => {
    const body = isObject(s) ? s : {};
    return {
      path: Array.isArray(statement) ? `Statement[${i}]` : "Statement",
      effect: body.Effect === "Deny" ? "Deny" : "Allow",
      actions: stringsOf(body.Action),
      resources: stringsOf(body.Resource),
      notAction: body.NotAction !== undefined,
      notResource: body.NotResource !== undefined,
    };
  });
}

/** Whether an IAM action or resource has a wildcard (`*`, or IAM's single-character `?`); a non-string counts as one. */
export function hasWildcard(value: string | undefined): boolean {
  return value === undefined || value.includes("*") || value.includes("?");
}
