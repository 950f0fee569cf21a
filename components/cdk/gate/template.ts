/**
 * How the gate reads a synthesised CloudFormation template: resources by type, tags, references between resources,
 * and values built by intrinsics. A `Ref` or `Fn::GetAtt` names a concrete resource, so it reads as a placeholder
 * that holds no wildcard; any other intrinsic (`Fn::If`, `Fn::ImportValue`, ...) cannot be read and is left as is,
 * for the rules to fail closed on.
 */
import type { CfnResource, CfnTemplate } from "./spec";

/** Stands for a `Ref` or `Fn::GetAtt` inside joined text: no `*` or `?`, and valid inside a JSON string. */
export const TOKEN = "{token}";

/** A resource and its logical id. */
export interface Located {
  /** The logical id. */
  readonly id: string;
  /** The resource. */
  readonly resource: CfnResource;
}

/** True for a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a plain object, else `{}`. */
export function record(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** A list's items, or `[]` when it is not a list. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The template's resources of a type, in template order. */
export function resourcesOf(template: CfnTemplate, type: string): Located[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([id, resource]) => ({ id, resource }));
}

/** A resource's properties, or `{}`. */
export function props(resource: CfnResource): Record<string, unknown> {
  return record(resource.Properties);
}

/** A tag's value when it is a string (CloudFormation's `Tags: [{Key, Value}]`, or EKS's map form), else undefined. */
export function tag(resource: CfnResource, key: string): string | undefined {
  const tags = props(resource).Tags;
  const value = Array.isArray(tags) ? tags.map(record).find((t) => t.Key === key)?.Value : record(tags)[key];
  return typeof value === "string" ? value : undefined;
}

/** The logical id a value refers to (`{Ref: id}`), or undefined. */
export function refOf(value: unknown): string | undefined {
  const ref = record(value).Ref;
  return typeof ref === "string" ? ref : undefined;
}

/** A `Ref` or `Fn::GetAtt`: one value of a concrete resource. */
function isConcrete(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 1 && ("Ref" in value || "Fn::GetAtt" in value);
}

/**
 * The text a value stands for: a string, or an `Fn::Join` / `Fn::Sub` of strings, with each `Ref` / `Fn::GetAtt`
 * (and `${...}` of a Sub) read as {@link TOKEN}; a lone `Ref` / `Fn::GetAtt` reads as TOKEN. Undefined when any part
 * is another intrinsic or not text.
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isConcrete(value)) return TOKEN;
  const object = record(value);
  const keys = Object.keys(object);
  if (keys.length !== 1) return undefined;
  if (keys[0] === "Fn::Join") {
    const [delimiter, parts] = list(object["Fn::Join"]);
    if (typeof delimiter !== "string" || !Array.isArray(parts)) return undefined;
    const texts = parts.map(textOf);
    return texts.every((t): t is string => t !== undefined) ? texts.join(delimiter) : undefined;
  }
  if (keys[0] === "Fn::Sub") {
    const sub = object["Fn::Sub"];
    const body = typeof sub === "string" ? sub : list(sub)[0];
    return typeof body === "string" ? body.replace(/\$\{[^}!][^}]*\}/g, TOKEN) : undefined;
  }
  return undefined;
}

/** A value with every readable intrinsic replaced by its text (see {@link textOf}); unreadable ones are kept. */
export function withText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withText);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::"))) return textOf(value) ?? value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withText(v)]));
}
