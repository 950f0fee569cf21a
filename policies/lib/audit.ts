/**
 * How the audit policies read the audit pipeline as the engine hands its inputs: Helm releases of the fluent-bit chart
 * (`values.config` holds Fluent Bit's classic-mode sections as text), and the cloud stores they write to.
 */
import type { PolicyResource } from "@pulumi/policy";
import { HELM_TYPE, isChartNamed } from "./observability";
import { record, text } from "./pod-templates";
import { AUDIT } from "./vocabulary";

/** One `[OUTPUT]` (or other) section of a Fluent Bit classic config: lower-cased keys to their values. */
export interface FluentBitSection {
  /** `OUTPUT`, `INPUT`, `FILTER`, `SERVICE`. */
  kind: string;
  /** Keys (lower case: Fluent Bit's keys are case-insensitive) to every value given. */
  entries: Record<string, string[]>;
}

/** A Helm release (or Chart) of the audit shipper's chart. */
export interface ShipperRelease {
  /** The resource. */
  resource: PolicyResource;
  /** `Helm Release "agentcloud-audit"`: how messages name it. */
  label: string;
  /** Its values. */
  values: Record<string, unknown>;
  /** The sections of every `values.config` text. */
  sections: FluentBitSection[];
}

/** Parses Fluent Bit classic-mode text into sections (comments and blank lines skipped). */
export function fluentBitSections(config: string): FluentBitSection[] {
  const sections: FluentBitSection[] = [];
  for (const raw of config.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("@")) continue;
    const header = /^\[([A-Za-z_]+)\]$/.exec(line);
    if (header) {
      sections.push({ kind: header[1].toUpperCase(), entries: {} });
      continue;
    }
    const current = sections[sections.length - 1];
    const match = /^(\S+)\s+(.*)$/.exec(line);
    if (current === undefined || match === null) continue;
    const key = match[1].toLowerCase();
    current.entries[key] = [...(current.entries[key] ?? []), match[2].trim()];
  }
  return sections;
}

/** The first value of a section's key, or undefined. */
export function entry(section: FluentBitSection, key: string): string | undefined {
  return section.entries[key.toLowerCase()]?.[0];
}

/** The stack's releases of the fluent-bit chart, with their parsed config. */
export function shipperReleases(resources: readonly PolicyResource[]): ShipperRelease[] {
  return resources.flatMap((resource) => {
    if (!HELM_TYPE.test(resource.type)) return [];
    const props = record(resource.props);
    if (!isChartNamed(props.chart, AUDIT.chart)) return [];
    const values = record(props.values);
    const config = record(values.config);
    const texts = Object.values(config).filter((v): v is string => typeof v === "string");
    return [
      {
        resource,
        label: `Helm ${resource.type.split(":").pop()} ${JSON.stringify(text(props.name) ?? resource.name)}`,
        values,
        sections: texts.flatMap(fluentBitSections),
      },
    ];
  });
}

/** The `[OUTPUT]` sections of a release. */
export function outputsOf(release: ShipperRelease): FluentBitSection[] {
  return release.sections.filter((s) => s.kind === "OUTPUT");
}
