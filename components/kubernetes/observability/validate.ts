import { closestName } from "../../validation/closest";
import { checkAnnotationMap, checkDnsLabel, checkDnsSubdomain } from "../../validation/names";
import type { ValidationProblem } from "../../validation/problems";
import { checkPositiveQuantity } from "../../validation/quantities";
import { checkBoolean, checkInteger, checkOneOf, isRecord } from "../../validation/values";

const OPTION_KEYS = ["namespace", "retention", "storage", "grafana", "managedPrometheus"] as const;
const SCRAPE_KEYS = ["gateway", "cilium", "agentSandboxController", "dcgm", "agents", "auditShipper"] as const;
const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { y: 365 * DAY_MS, w: 7 * DAY_MS, d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

function at(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

/** Keys of `value` that are none of `known`, each with the closest known key as a fix. */
function checkKnownKeys(prefix: string, value: Record<string, unknown>, known: readonly string[]): ValidationProblem[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const close = closestName(key, known);
      return {
        argument: at(prefix, key),
        value: value[key],
        problem: "is not an argument of Observability",
        fix: close === undefined ? `use only ${known.join(", ")}` : `did you mean "${close}"?`,
      };
    });
}

/**
 * The milliseconds of a Prometheus duration in the grammar of the Prometheus CRD's `retention`
 * (`[0-9]+(ms|s|m|h|d|w|y)`, largest unit first), or undefined.
 */
export function prometheusDurationMs(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/.test(value) || value === "") {
    return undefined;
  }
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(n) * UNIT_MS[unit];
  return total;
}

function checkRetention(argument: string, retention: unknown): ValidationProblem[] {
  if (retention === undefined) return [];
  if (!isRecord(retention)) {
    return [{ argument, value: retention, problem: "must be an object", fix: `use e.g. { time: "15d", size: "45GiB" }` }];
  }
  const problems = checkKnownKeys(argument, retention, ["time", "size"]);
  if (retention.time !== undefined) {
    const ms = prometheusDurationMs(retention.time);
    if (ms === undefined) {
      problems.push({
        argument: `${argument}.time`,
        value: retention.time,
        problem: "is not a Prometheus duration (numbers with y, w, d, h, m, s or ms, largest unit first)",
        fix: `use a duration like "15d"`,
      });
    } else if (ms < DAY_MS) {
      problems.push({
        argument: `${argument}.time`,
        value: retention.time,
        problem: "must be at least one day (alerts and dashboards look back 24 hours)",
        fix: `use a duration like "15d"`,
      });
    }
  }
  // The Prometheus CRD's ByteSize pattern.
  if (
    retention.size !== undefined &&
    (typeof retention.size !== "string" || !/^(0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$/.test(retention.size))
  ) {
    problems.push({
      argument: `${argument}.size`,
      value: retention.size,
      problem: "is not a Prometheus byte size (a number and B, KB, MB, GB, TB, PB, EB or KiB ... EiB)",
      fix: `use a size like "45GiB"`,
    });
  }
  return problems;
}

function checkStorage(argument: string, storage: unknown): ValidationProblem[] {
  if (storage === undefined) return [];
  if (!isRecord(storage)) {
    return [{ argument, value: storage, problem: "must be an object", fix: `use e.g. { size: "50Gi", storageClassName: "gp3" }` }];
  }
  return [
    ...checkKnownKeys(argument, storage, ["size", "storageClassName"]),
    ...(storage.size === undefined ? [] : checkPositiveQuantity(`${argument}.size`, storage.size, "50Gi")),
    ...(storage.storageClassName === undefined ? [] : checkDnsSubdomain(`${argument}.storageClassName`, storage.storageClassName)),
  ];
}

function checkManagedPrometheus(argument: string, managed: unknown): ValidationProblem[] {
  if (managed === undefined) return [];
  if (!isRecord(managed)) {
    return [
      {
        argument,
        value: managed,
        problem: "must be an object",
        fix: `use e.g. { kind: "amp", remoteWriteUrl: "https://aps-workspaces...", region: "eu-west-1", serviceAccountAnnotations: {...} }`,
      },
    ];
  }
  const problems = [
    ...checkKnownKeys(argument, managed, ["kind", "remoteWriteUrl", "region", "projectId", "serviceAccountAnnotations"]),
    ...checkOneOf(`${argument}.kind`, managed.kind, ["amp", "gmp"]),
    ...checkAnnotationMap(`${argument}.serviceAccountAnnotations`, managed.serviceAccountAnnotations),
  ];
  if (managed.kind === "amp") {
    const url = managed.remoteWriteUrl;
    if (
      typeof url !== "string" ||
      !/^https:\/\/aps-workspaces\.[a-z0-9-]+\.amazonaws\.com\/workspaces\/ws-[A-Za-z0-9-]+\/api\/v1\/remote_write$/.test(url)
    ) {
      problems.push({
        argument: `${argument}.remoteWriteUrl`,
        value: url,
        problem: "must be an AMP workspace's remote-write URL",
        fix: "use https://aps-workspaces.<region>.amazonaws.com/workspaces/<workspace id>/api/v1/remote_write",
      });
    }
    if (typeof managed.region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(managed.region)) {
      problems.push({
        argument: `${argument}.region`,
        value: managed.region,
        problem: "must be an AWS region",
        fix: `use a region like "eu-west-1"`,
      });
    } else if (typeof url === "string" && !url.startsWith(`https://aps-workspaces.${managed.region}.`)) {
      problems.push({
        argument: `${argument}.region`,
        value: managed.region,
        problem: "is not the region of remoteWriteUrl (SigV4 signs for the workspace's region)",
        fix: "use the region in the workspace's URL",
      });
    }
    if (managed.projectId !== undefined) {
      problems.push({
        argument: `${argument}.projectId`,
        value: managed.projectId,
        problem: 'is for kind "gmp" only',
        fix: "remove projectId",
      });
    }
  }
  if (managed.kind === "gmp") {
    // GCP project ids: 6-30 characters, lower-case letters, digits and hyphens, starting with a letter.
    if (typeof managed.projectId !== "string" || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(managed.projectId)) {
      problems.push({
        argument: `${argument}.projectId`,
        value: managed.projectId,
        problem: "must be a Google Cloud project id",
        fix: `use a project id like "my-project-123"`,
      });
    }
    for (const key of ["remoteWriteUrl", "region"] as const) {
      if (managed[key] !== undefined) {
        problems.push({
          argument: `${argument}.${key}`,
          value: managed[key],
          problem: 'is for kind "amp" only: GMP takes no remote write, its Prometheus exports to the project',
          fix: `remove ${key}`,
        });
      }
    }
  }
  return problems;
}

function checkNamespaced(argument: string, value: unknown, withName: boolean): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    return [{ argument, value, problem: "must be an object", fix: withName ? `use { namespace, name }` : `use { namespace }` }];
  }
  return [...checkDnsLabel(`${argument}.namespace`, value.namespace), ...(withName ? checkDnsLabel(`${argument}.name`, value.name) : [])];
}

function checkAgents(argument: string, agents: unknown): ValidationProblem[] {
  if (agents === undefined) return [];
  if (!Array.isArray(agents)) {
    return [
      { argument, value: agents, problem: "must be a list of scraped agents", fix: "use [{ namespace, name, metrics: { port, path } }]" },
    ];
  }
  const seen = new Set<string>();
  return agents.flatMap((a: unknown, i): ValidationProblem[] => {
    const here = `${argument}[${i}]`;
    if (!isRecord(a))
      return [{ argument: here, value: a, problem: "must be an object", fix: "use { namespace, name, metrics: { port, path } }" }];
    const problems = [...checkDnsLabel(`${here}.namespace`, a.namespace), ...checkDnsLabel(`${here}.name`, a.name)];
    if (!isRecord(a.metrics)) {
      problems.push({
        argument: `${here}.metrics`,
        value: a.metrics,
        problem: "must be an object",
        fix: `use { port: 9090, path: "/metrics" }`,
      });
    } else {
      problems.push(...checkInteger(`${here}.metrics.port`, a.metrics.port, 1, 65535));
      if (typeof a.metrics.path !== "string" || !/^\/[^\s?#]*$/.test(a.metrics.path)) {
        problems.push({
          argument: `${here}.metrics.path`,
          value: a.metrics.path,
          problem: "must be a URL path starting with '/' (no spaces, query or fragment)",
          fix: `use a path like "/metrics"`,
        });
      }
    }
    const key = `${String(a.namespace)}/${String(a.name)}`;
    if (seen.has(key)) problems.push({ argument: here, value: key, problem: "is listed twice", fix: "list each agent once" });
    seen.add(key);
    return problems;
  });
}

/** Every problem with the scrape targets of `Observability` (what `AgentCloud` derives from the fleet). */
export function checkScrapeTargets(argument: string, scrape: unknown): ValidationProblem[] {
  if (!isRecord(scrape)) {
    return [{ argument, value: scrape, problem: "must be an object", fix: "pass the scrape targets, e.g. {} for Kubernetes only" }];
  }
  const problems = [
    ...checkKnownKeys(argument, scrape, SCRAPE_KEYS),
    ...checkNamespaced(`${argument}.gateway`, scrape.gateway, true),
    ...checkNamespaced(`${argument}.cilium`, scrape.cilium, false),
    ...checkNamespaced(`${argument}.agentSandboxController`, scrape.agentSandboxController, false),
    ...checkNamespaced(`${argument}.dcgm`, scrape.dcgm, false),
    ...checkNamespaced(`${argument}.auditShipper`, scrape.auditShipper, false),
    ...checkAgents(`${argument}.agents`, scrape.agents),
  ];
  if (isRecord(scrape.cilium)) problems.push(...checkBoolean(`${argument}.cilium.hubble`, scrape.cilium.hubble));
  return problems;
}

/**
 * Every problem with the options of the monitoring stack besides what it scrapes (the fleet's `observability`):
 * namespace, retention (a Prometheus duration of at least a day, a byte size), storage, grafana and managed Prometheus
 * (AMP: its remote-write URL and region; GMP: its project). `argument` prefixes every path; `undefined` is fine.
 */
export function checkObservabilityOptions(argument: string, options: unknown): ValidationProblem[] {
  if (options === undefined) return [];
  if (!isRecord(options)) {
    return [
      {
        argument,
        value: options,
        problem: "must be an object",
        fix: `use e.g. { retention: { time: "15d" } }, or false for no monitoring`,
      },
    ];
  }
  return [
    ...checkKnownKeys(argument, options, OPTION_KEYS),
    ...(options.namespace === undefined ? [] : checkDnsLabel(at(argument, "namespace"), options.namespace)),
    ...checkRetention(at(argument, "retention"), options.retention),
    ...checkStorage(at(argument, "storage"), options.storage),
    ...(options.grafana === undefined ? [] : checkBoolean(at(argument, "grafana"), options.grafana)),
    ...checkManagedPrometheus(at(argument, "managedPrometheus"), options.managedPrometheus),
  ];
}

/** Every problem with the arguments of `Observability`: its options and its scrape targets. */
export function validateObservabilityArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [{ argument: "args", value: args, problem: "must be an object", fix: "pass { scrape: {...} } and the options" }];
  }
  const { scrape, ...options } = args;
  return [...checkObservabilityOptions("", options), ...checkScrapeTargets("scrape", scrape)];
}
