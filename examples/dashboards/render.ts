// `npm run render:dashboards`: draws each agentcloud Grafana dashboard's panel layout (the generated JSON's gridPos,
// titles and panel types) as an SVG with synthetic series, and rasterises it with resvg to
// examples/dashboards/images/<dashboard>.png. A picture of the layout, not a Grafana screenshot: the data is made up
// (a seeded generator, so the images are reproducible) and the drawing is ours.
import { Resvg } from "@resvg/resvg-js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DASHBOARDS } from "../../components/kubernetes/observability/dashboards/build";
import { grafanaDashboard, GRID_COLUMNS, type GrafanaPanel } from "../../components/kubernetes/observability/dashboards/grafana";
import type { DashboardDefinition, MetricSource } from "../../components/kubernetes/observability/dashboards/types";

const ALL_SOURCES = new Set<MetricSource>(["kube-state-metrics", "gateway", "dcgm", "cilium", "hubble", "agent-sandbox"]);

const WIDTH = 1200;
const MARGIN = 24;
const COLUMN = (WIDTH - 2 * MARGIN) / GRID_COLUMNS;
/** Grafana's grid row is 30 px; a little less keeps the pictures compact. */
const ROW = 26;
const GAP = 6;
const HEADER = 78;
const FOOTER = 52;
const FONT = "DejaVu Sans";
const PALETTE = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#96d98d"];
const COLORS = { background: "#111217", panel: "#181b1f", border: "#2c3235", text: "#d8d9da", muted: "#8e8e8e", grid: "#24272c" };

/** Deterministic pseudo-random numbers (mulberry32) seeded from a string, so every run draws the same picture. */
function random(seed: string): () => number {
  let a = 0;
  for (const c of seed) a = (Math.imul(a ^ c.charCodeAt(0), 2654435761) + 1) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Cuts text to about `width` px at `size` px (DejaVu Sans averages ~0.6 em per character, more in capitals). */
function fit(text: string, width: number, size: number): string {
  const max = Math.max(3, Math.floor(width / (size * 0.66)));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function label(x: number, y: number, text: string, size: number, color: string, extra = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" font-size="${size}" fill="${color}"${extra}>${escape(text)}</text>`;
}

/** Plausible values for labels whose values are a small known set (still synthetic: nothing is measured). */
const SAMPLES: Record<string, string[]> = {
  runtimeclass_name: ["gvisor", "kata-qemu", "kata-clh"],
  decision: ["allow", "deny", "error"],
  launch_type: ["warm", "cold"],
  reason: ["POLICY_DENIED", "STALE_OR_UNROUTABLE_IP", "CT_MAP_INSERTION_FAILED"],
  status: ["200", "403", "401"],
  direction: ["EGRESS", "INGRESS"],
};

/** A synthetic value of a label: a sample, or the label's short name and a number (`agent-1`). */
function sampleOf(name: string, n: number): string {
  const samples = SAMPLES[name];
  if (samples) return samples[(n - 1) % samples.length];
  return `${name.replace(/^label_agentcloud_dev_/, "").replace(/^source_/, "")}-${n}`;
}

/** The `n`th legend entry of a `legendFormat` with synthetic label values. */
function legendOf(format: string, n: number): string {
  const text = format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => sampleOf(name, n));
  return text.length > 0 ? text : `series ${n}`;
}

/** Up to `count` legend entries of a panel: one per constant legend (`p95`), the rest from the templated ones. */
function legendsOf(panel: GrafanaPanel, count: number): string[] {
  const constant = panel.targets.filter((t) => !t.legendFormat.includes("{{")).map((t) => t.legendFormat || "value");
  const templated = panel.targets.filter((t) => t.legendFormat.includes("{{"));
  const room = Math.max(0, count - constant.length);
  const perTarget = templated.length > 0 ? Math.max(1, Math.floor(room / templated.length)) : 0;
  const entries = [...templated.flatMap((t) => Array.from({ length: perTarget }, (_, i) => legendOf(t.legendFormat, i + 1))), ...constant];
  return [...new Set(entries)].slice(0, count);
}

/** Synthetic series: a smooth random walk per series, in 0..1. */
function series(rand: () => number, count: number, points: number): number[][] {
  return Array.from({ length: count }, (_, s) => {
    let v = 0.25 + 0.5 * rand();
    const phase = rand() * Math.PI * 2;
    return Array.from({ length: points }, (_, i) => {
      v = Math.min(0.95, Math.max(0.05, v + (rand() - 0.5) * 0.12));
      return Math.min(1, Math.max(0, v * (0.85 + 0.15 * Math.sin(phase + i / 4)) * (1 - s * 0.12)));
    });
  });
}

function timeseries(panel: GrafanaPanel, x: number, y: number, w: number, h: number, rand: () => number): string {
  const legends = legendsOf(panel, panel.targets.length > 1 ? 4 : 2);
  const legendWidth = Math.min(220, w * 0.38);
  const plotW = w - legendWidth - 12;
  const stacked = (panel.fieldConfig.defaults.custom as { stacking?: { mode?: string } } | undefined)?.stacking?.mode === "normal";
  const data = series(rand, legends.length, 40);
  const parts: string[] = [];
  for (let i = 0; i <= 3; i++) {
    const gy = y + (h * i) / 3;
    parts.push(
      `<line x1="${x}" y1="${gy.toFixed(1)}" x2="${(x + plotW).toFixed(1)}" y2="${gy.toFixed(1)}" stroke="${COLORS.grid}" stroke-width="1"/>`,
    );
  }
  const base = new Array<number>(40).fill(0);
  data.forEach((values, s) => {
    const color = PALETTE[s % PALETTE.length];
    const tops = values.map((v, i) => (stacked ? base[i] + v / legends.length : v));
    const pts = tops.map((v, i) => `${(x + (plotW * i) / 39).toFixed(1)},${(y + h - v * h).toFixed(1)}`);
    if (stacked) {
      const bottom = base.map((v, i) => `${(x + (plotW * i) / 39).toFixed(1)},${(y + h - v * h).toFixed(1)}`).reverse();
      parts.push(`<polygon points="${[...pts, ...bottom].join(" ")}" fill="${color}" fill-opacity="0.35" stroke="none"/>`);
      tops.forEach((v, i) => (base[i] = v));
    }
    parts.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
  });
  legends.forEach((text, i) => {
    const ly = y + 12 + i * 16;
    const lx = x + plotW + 12;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="3" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(label(lx + 14, ly - 3, fit(text, legendWidth - 16, 10), 10, COLORS.muted));
  });
  return parts.join("");
}

function formatValue(unit: string, rand: () => number): string {
  const r = rand();
  switch (unit) {
    case "percent":
      return `${(20 + r * 70).toFixed(0)}%`;
    case "percentunit":
      return `${(r * 8).toFixed(1)}%`;
    case "reqps":
      return `${(5 + r * 60).toFixed(1)} req/s`;
    case "pps":
      return `${(r * 200).toFixed(0)} p/s`;
    case "s":
      return `${(0.05 + r * 0.4).toFixed(2)} s`;
    case "ms":
      return `${(200 + r * 900).toFixed(0)} ms`;
    case "bytes":
      return `${(2 + r * 40).toFixed(1)} GiB`;
    default:
      // Grafana's custom `suffix:<text>` unit puts the text after the value.
      return unit.startsWith("suffix:") ? `${(r * 30).toFixed(1)}${unit.slice("suffix:".length)}` : `${Math.round(3 + r * 40)}`;
  }
}

function stat(panel: GrafanaPanel, x: number, y: number, w: number, h: number, rand: () => number): string {
  const value = formatValue(String(panel.fieldConfig.defaults.unit), rand);
  const spark = series(rand, 1, 30)[0]
    .map((v, i) => `${(x + (w * i) / 29).toFixed(1)},${(y + h - v * h * 0.35).toFixed(1)}`)
    .join(" ");
  return (
    `<polyline points="${spark}" fill="none" stroke="${PALETTE[0]}" stroke-opacity="0.6" stroke-width="1.5"/>` +
    label(
      x + w / 2,
      y + h * 0.5,
      value,
      Math.min(34, h * 0.45, (w / Math.max(4, value.length)) * 1.5),
      PALETTE[0],
      ` text-anchor="middle" font-weight="bold"`,
    )
  );
}

function bargauge(panel: GrafanaPanel, x: number, y: number, w: number, h: number, rand: () => number): string {
  const names = legendsOf(panel, Math.max(2, Math.min(5, Math.floor(h / 22))));
  const bars = names.length;
  const nameWidth = Math.min(150, w * 0.35);
  const barH = h / bars - 6;
  return Array.from({ length: bars }, (_, i) => {
    const by = y + i * (h / bars);
    const v = 0.15 + rand() * 0.8;
    const color = PALETTE[i % PALETTE.length];
    return (
      label(x, by + barH / 2 + 4, fit(names[i], nameWidth - 6, 10), 10, COLORS.muted) +
      `<rect x="${(x + nameWidth).toFixed(1)}" y="${by.toFixed(1)}" width="${(w - nameWidth).toFixed(1)}" height="${barH.toFixed(1)}" fill="${COLORS.grid}"/>` +
      `<rect x="${(x + nameWidth).toFixed(1)}" y="${by.toFixed(1)}" width="${((w - nameWidth) * v).toFixed(1)}" height="${barH.toFixed(1)}" fill="${color}" fill-opacity="0.8"/>`
    );
  }).join("");
}

/** Table columns: the labels the first query groups by (`by (...)`) or joins in (`group_left (...)`), then the values. */
function columnsOf(panel: GrafanaPanel): string[] {
  const expr = panel.targets[0]?.expr ?? "";
  const grouped = [...expr.matchAll(/(?:by|group_left) \(([^)]*)\)/g)].flatMap((m) => m[1].split(","));
  const labels = [...new Set(grouped.map((l) => l.trim().replace(/^label_agentcloud_dev_/, "")))].filter((l) => l && l !== "le");
  return [
    ...labels.slice(0, 4),
    ...panel.targets.map((t) => (t.legendFormat && !t.legendFormat.includes("{{") ? t.legendFormat : "value")),
  ];
}

/** The unit of a table's `n`th value column: its override, else the panel's. */
function unitOf(panel: GrafanaPanel, n: number): string {
  const override = (panel.fieldConfig.overrides as { properties: { id: string; value: string }[] }[])[n];
  return override?.properties.find((p) => p.id === "unit")?.value ?? String(panel.fieldConfig.defaults.unit);
}

function table(panel: GrafanaPanel, x: number, y: number, w: number, h: number, rand: () => number): string {
  const columns = columnsOf(panel);
  const colW = w / columns.length;
  const rows = Math.max(1, Math.floor(h / 18) - 1);
  const parts = columns.map((c, i) => label(x + i * colW, y + 10, fit(c, colW - 6, 10), 10, COLORS.text, ` font-weight="bold"`));
  parts.push(`<line x1="${x}" y1="${y + 15}" x2="${x + w}" y2="${y + 15}" stroke="${COLORS.border}"/>`);
  for (let r = 0; r < rows; r++) {
    const ry = y + 30 + r * 18;
    columns.forEach((c, i) => {
      const isValue = i >= columns.length - panel.targets.length;
      const text = isValue ? formatValue(unitOf(panel, i - (columns.length - panel.targets.length)), rand) : sampleOf(c, r + 1);
      parts.push(label(x + i * colW, ry, fit(text, colW - 6, 10), 10, isValue ? PALETTE[0] : COLORS.muted));
    });
  }
  return parts.join("");
}

/** The SVG of a dashboard's panel layout with synthetic data and a caption that says so. */
export function dashboardSvg(definition: DashboardDefinition): string {
  const dashboard = grafanaDashboard(definition, ALL_SOURCES);
  const rows = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
  const height = HEADER + rows * ROW + FOOTER;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="${COLORS.background}"/>`,
    label(MARGIN, 34, dashboard.title, 20, COLORS.text, ` font-weight="bold"`),
    label(MARGIN, 56, fit(dashboard.description, WIDTH - 2 * MARGIN - 200, 12), 12, COLORS.muted),
    label(WIDTH - MARGIN, 34, `uid ${dashboard.uid} · data source \${datasource}`, 11, COLORS.muted, ` text-anchor="end"`),
  ];
  for (const panel of dashboard.panels) {
    const rand = random(`${dashboard.uid}/${panel.id}`);
    const px = MARGIN + panel.gridPos.x * COLUMN + GAP / 2;
    const py = HEADER + panel.gridPos.y * ROW + GAP / 2;
    const pw = panel.gridPos.w * COLUMN - GAP;
    const ph = panel.gridPos.h * ROW - GAP;
    parts.push(
      `<rect x="${px.toFixed(1)}" y="${py.toFixed(1)}" width="${pw.toFixed(1)}" height="${ph.toFixed(1)}" rx="3" fill="${COLORS.panel}" stroke="${COLORS.border}"/>`,
    );
    parts.push(label(px + 8, py + 17, fit(panel.title, pw - 90, 12), 12, COLORS.text, ` font-weight="bold"`));
    parts.push(label(px + pw - 8, py + 16, panel.type, 9, COLORS.muted, ` text-anchor="end"`));
    const [cx, cy, cw, ch] = [px + 10, py + 30, pw - 20, ph - 40];
    if (panel.type === "timeseries") parts.push(timeseries(panel, cx, cy, cw, ch, rand));
    else if (panel.type === "stat") parts.push(stat(panel, cx, cy, cw, ch, rand));
    else if (panel.type === "bargauge") parts.push(bargauge(panel, cx, cy, cw, ch, rand));
    else parts.push(table(panel, cx, cy, cw, ch, rand));
  }
  const top = HEADER + rows * ROW;
  parts.push(
    label(
      MARGIN,
      top + 22,
      `Panel layout of the generated Grafana dashboard "${dashboard.uid}" (its gridPos, titles, panel types and legends). SYNTHETIC DATA:`,
      11,
      COLORS.muted,
    ),
    label(
      MARGIN,
      top + 38,
      "the series are made up, and the drawing is agentcloud's own (examples/dashboards/render.ts, resvg), not a Grafana screenshot.",
      11,
      COLORS.muted,
    ),
    "</svg>",
  );
  return parts.join("\n");
}

/** A dashboard's picture as PNG bytes (resvg with the system fonts). */
export function renderDashboardPng(definition: DashboardDefinition): Buffer {
  const resvg = new Resvg(dashboardSvg(definition), {
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
    fitTo: { mode: "original" },
  });
  return resvg.render().asPng();
}

/** Writes `<key>.png` for every dashboard into `dir` (created); returns the paths written. */
export function renderDashboards(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return DASHBOARDS.map((definition) => {
    const path = join(dir, `${definition.key}.png`);
    writeFileSync(path, renderDashboardPng(definition));
    return path;
  });
}

if (require.main === module) {
  for (const path of renderDashboards(resolve(__dirname, "images"))) console.log(path);
}
