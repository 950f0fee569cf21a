import type { SyntaxNode } from "@lezer/common";
import type { LRParser } from "@lezer/lr";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parse } from "yaml";

// Test helpers: parse PromQL with Prometheus's own Lezer grammar (the one its UI uses), and load the metric catalog
// (components/kubernetes/observability/metric-catalog.yaml) that every query's metric names are checked against.

// The package's type declarations are ESM-only (TS1479 from this CommonJS project); its CommonJS build is the same
// parser, so it is required, typed with @lezer/lr's declarations.
const { parser } = createRequire(__filename)("@prometheus-io/lezer-promql") as { parser: LRParser };

/** What {@link parsePromql} found in one expression. */
export interface ParsedPromql {
  /**
   * Syntax errors (`at <offset>: <text around it>`) and range-function arguments that are not range vectors (the one
   * type check the grammar does not make, e.g. `rate(x)`); empty when the expression is valid.
   */
  errors: string[];
  /** Metric names the expression selects (selector names and `__name__="..."` matchers), sorted, unique. */
  metrics: string[];
  /** `__name__` matchers that are not equality (`=~`, `!=`, `!~`): their metrics cannot be checked by name. */
  nameMatchers: string[];
}

/** Options of {@link parsePromql}. */
export interface ParsePromqlOptions {
  /**
   * Grafana template variables to substitute before parsing (`$name` and `${name}`); Grafana's interval variables
   * (`$__rate_interval`, `$__interval`, `$__range`) become `5m` unless given here.
   * @default {}
   */
  variables?: Record<string, string>;
}

const GRAFANA_INTERVALS: Record<string, string> = { __rate_interval: "5m", __interval: "5m", __range: "5m" };

/** Substitutes Grafana variables; unknown ones are left as they are (and then fail to parse). */
function substitute(expr: string, variables: Record<string, string>): string {
  const all = { ...GRAFANA_INTERVALS, ...variables };
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => all[braced ?? bare ?? ""] ?? whole);
}

function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  return quote === "`" ? body : body.replace(/\\(.)/g, "$1");
}

// Functions that take a range vector, and which argument it is (Prometheus's function reference).
const RANGE_ARGUMENT: Record<string, number> = Object.fromEntries([
  ...["rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes", "predict_linear"].map((f) => [f, 0]),
  ...["avg", "min", "max", "sum", "count", "stddev", "stdvar", "last", "present", "absent", "mad"].map((f) => [`${f}_over_time`, 0]),
  ["quantile_over_time", 1],
  ["double_exponential_smoothing", 0],
  ["holt_winters", 0],
]);

/** Whether a function argument node is a range vector (a matrix selector or subquery, in parentheses or modified by `offset` or `@`). */
function isRangeVector(node: SyntaxNode | undefined): boolean {
  let current: SyntaxNode | null | undefined = node;
  while (current && ["ParenExpr", "OffsetExpr", "StepInvariantExpr"].includes(current.name)) current = current.firstChild;
  return current?.name === "MatrixSelector" || current?.name === "SubqueryExpr";
}

/** Parses one PromQL expression (alert rule, recording rule or panel query) and lists the metrics it selects. */
export function parsePromql(expr: string, options: ParsePromqlOptions = {}): ParsedPromql {
  const text = substitute(expr, options.variables ?? {});
  const errors: string[] = [];
  const metrics = new Set<string>();
  const nameMatchers: string[] = [];
  if (text.trim().length === 0) errors.push("empty expression");
  const tree = parser.parse(text);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`at ${node.from}: ${JSON.stringify(text.slice(Math.max(0, node.from - 20), node.from + 20))}`);
        return;
      }
      if (node.name === "FunctionCall") {
        const identifier = node.node.getChild("FunctionIdentifier");
        const name = identifier ? text.slice(identifier.from, identifier.to) : "";
        const index = RANGE_ARGUMENT[name];
        const body = node.node.getChild("FunctionCallBody");
        if (index !== undefined && body) {
          const args: SyntaxNode[] = [];
          for (let child = body.firstChild; child; child = child.nextSibling) args.push(child);
          if (!isRangeVector(args[index])) errors.push(`${name}() needs a range vector as argument ${index + 1}`);
        }
        return;
      }
      if (node.name === "VectorSelector") {
        const identifier = node.node.getChild("Identifier");
        if (identifier) metrics.add(text.slice(identifier.from, identifier.to));
        return;
      }
      // Prometheus 3 spells a quoted metric name inside the braces: {"metric.name", job="x"}.
      if (node.name === "QuotedLabelName" && node.node.parent?.name === "LabelMatchers") {
        const literal = node.node.getChild("StringLiteral");
        if (literal) metrics.add(unquote(text.slice(literal.from, literal.to)));
        return;
      }
      if (node.name === "UnquotedLabelMatcher" || node.name === "QuotedLabelMatcher") {
        const nameNode = node.node.getChild("LabelName") ?? node.node.getChild("QuotedLabelName");
        const op = node.node.getChild("MatchOp");
        const value = node.node.getChildren("StringLiteral").at(-1);
        if (!nameNode || !op || !value) return;
        const rawName = text.slice(nameNode.from, nameNode.to);
        const labelName = node.name === "QuotedLabelMatcher" ? unquote(rawName) : rawName;
        if (labelName !== "__name__") return;
        const opText = text.slice(op.from, op.to);
        const literal = unquote(text.slice(value.from, value.to));
        if (opText === "=") metrics.add(literal);
        else nameMatchers.push(`__name__${opText}${JSON.stringify(literal)}`);
      }
    },
  });
  return { errors, metrics: [...metrics].sort(), nameMatchers };
}

/** One scraped component in the catalog. */
export interface CatalogComponent {
  /** Component name, e.g. `agentgateway`, `kube-state-metrics`. */
  name: string;
  /** Pinned version the names were taken from. */
  version: string;
  /** Upstream file or URL at that version. */
  source: string;
  /** Why these names, how they are formed. */
  note?: string;
  /** Every series name it exports (histograms expanded to `_bucket`, `_sum`, `_count`). */
  metrics: string[];
}

/** The metric catalog. */
export interface MetricCatalog {
  /** Components in file order. */
  components: CatalogComponent[];
  /** Series name to the components that export it. */
  byMetric: Map<string, string[]>;
}

/** Path of the catalog data file. */
export const METRIC_CATALOG_PATH = resolve(__dirname, "../../../../components/kubernetes/observability/metric-catalog.yaml");

interface RawComponent {
  name: string;
  version: string;
  source: string;
  note?: string;
  metrics?: string[];
  histograms?: string[];
}

/** Loads and expands the catalog (throws when the file does not parse). */
export function loadMetricCatalog(path: string = METRIC_CATALOG_PATH): MetricCatalog {
  const raw = parse(readFileSync(path, "utf8")) as { components: RawComponent[] };
  const components = raw.components.map((c) => ({
    name: c.name,
    version: String(c.version),
    source: c.source,
    note: c.note,
    metrics: [...(c.metrics ?? []), ...(c.histograms ?? []).flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`])],
  }));
  const byMetric = new Map<string, string[]>();
  for (const c of components) for (const m of c.metrics) byMetric.set(m, [...(byMetric.get(m) ?? []), c.name]);
  return { components, byMetric };
}

/** The metrics of `expr` that none of `components` exports (all components when none are named). */
export function metricsOutsideCatalog(catalog: MetricCatalog, metrics: readonly string[], components?: readonly string[]): string[] {
  return metrics.filter((m) => {
    const owners = catalog.byMetric.get(m) ?? [];
    return components ? !owners.some((o) => components.includes(o)) : owners.length === 0;
  });
}
