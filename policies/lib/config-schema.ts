/** Strict policy config schemas: typed properties and no keys beyond them, so a misspelled key is an error. */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A policy's config schema that rejects unknown keys. */
export interface StrictConfigSchema extends PolicyConfigSchema {
  type: "object";
  additionalProperties: false;
}

/** The strict schema of a policy whose config holds `properties` (none by default: only `enforcementLevel`). */
export function strictConfigSchema(properties: Record<string, PolicyConfigJSONSchema> = {}): StrictConfigSchema {
  return { type: "object", additionalProperties: false, properties };
}

/** A config property that lists non-empty names, empty by default. */
export function nameList(description: string): PolicyConfigJSONSchema {
  return { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true, default: [], description };
}
