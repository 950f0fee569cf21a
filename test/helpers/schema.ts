import Ajv, { type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { listFiles } from "./files";

/** Upstream reference data, beside the repository (see ../shared/upstream/MANIFEST.md). */
export const UPSTREAM_DIR = resolve(__dirname, "../../../shared/upstream");

interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
}

let crdIndex: Map<string, object> | undefined;

/** `group/version/Kind` to the openAPIV3Schema of every CRD under ../shared/upstream. */
function crdSchemas(): Map<string, object> {
  if (crdIndex) return crdIndex;
  crdIndex = new Map();
  for (const file of listFiles(UPSTREAM_DIR, (p) => /\.ya?ml$/.test(p))) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("kind: CustomResourceDefinition")) continue;
    for (const doc of parseAllDocuments(text)) {
      const crd = doc.toJS() as {
        kind?: string;
        spec?: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: object } }[] };
      };
      if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
      for (const v of crd.spec.versions) {
        if (v.schema) crdIndex.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
      }
    }
  }
  return crdIndex;
}

/**
 * CRD patterns are Go RE2. Cilium's use `\PC` (any character outside Unicode category C), which JavaScript spells
 * `\P{C}`; prometheus-operator's PrometheusRule uses the inline flag `(?i)` (`^(?i)(abort|warn)?$`), which Node 20's
 * RegExp lacks: it becomes the `i` flag (the CRD's patterns set it for the rest of the pattern only where nothing
 * case-sensitive follows). Unmapped, ajv cannot compile those CRDs at all.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const caseless = pattern.includes("(?i)");
  return new RegExp(pattern.replaceAll("\\PC", "\\P{C}").replaceAll("(?i)", ""), caseless && !flags.includes("i") ? `${flags}i` : flags);
}
goRegExp.code = "new RegExp";

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
const compiled = new Map<string, ValidateFunction>();

/** The kubernetes-models module path for an apiVersion: `v1` to `kubernetes-models/v1`, `apps/v1` to `kubernetes-models/apps/v1`. */
function modelModule(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

/**
 * Validates one Kubernetes object against its schema: kubernetes-models for built-in kinds, the upstream CRD's
 * openAPIV3Schema for custom resources. Returns the problems (empty when valid).
 */
export async function schemaErrors(object: KubeObject): Promise<string[]> {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind must be strings"];
  const problems: string[] = [];
  if (typeof object.metadata?.name !== "string" || object.metadata.name.length === 0) problems.push("metadata.name is required");
  const crdKey = `${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}/${kind}`;
  const crd = crdSchemas().get(crdKey);
  if (crd) {
    let validate = compiled.get(crdKey);
    if (!validate) {
      validate = ajv.compile(crd);
      compiled.set(crdKey, validate);
    }
    if (!validate(object)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`));
    return problems;
  }
  let models: Record<string, new (o: unknown) => { validate(): void }>;
  try {
    models = await import(modelModule(apiVersion));
  } catch {
    return [...problems, `no schema known for ${apiVersion} ${kind} (neither kubernetes-models nor an upstream CRD)`];
  }
  const Model = models[kind];
  if (!Model) return [...problems, `kubernetes-models has no ${kind} in ${apiVersion}`];
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(String((e as Error).message));
  }
  return problems;
}

/** Validates many objects; returns `Kind/name: problem` lines for every invalid one. */
export async function invalidObjects(objects: readonly KubeObject[]): Promise<string[]> {
  const lines: string[] = [];
  for (const o of objects) {
    for (const p of await schemaErrors(o)) lines.push(`${String(o.kind)}/${String(o.metadata?.name)}: ${p}`);
  }
  return lines;
}
