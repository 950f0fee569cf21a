import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dashboardSvg, renderDashboards } from "../../../../../examples/dashboards/render";
import { DASHBOARDS } from "../../../../../components/kubernetes/observability/dashboards/build";
import { TOOLS_DASHBOARD } from "../../../../../components/kubernetes/observability/dashboards/tools";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dir = mkdtempSync(join(tmpdir(), "agentcloud-dashboards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/dashboards/render.ts", () => {
  it("draws every panel with its title and type, and says the data is synthetic and the drawing not Grafana's", () => {
    const svg = dashboardSvg(TOOLS_DASHBOARD);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1200"')).toBe(true);
    for (const p of TOOLS_DASHBOARD.panels) expect(svg).toContain(`>${p.title.replace(/&/g, "&amp;")}</text>`);
    expect(svg).toContain(">timeseries</text>");
    expect(svg).toContain("SYNTHETIC DATA:");
    expect(svg).toContain("not a Grafana screenshot.");
    expect(dashboardSvg(TOOLS_DASHBOARD)).toBe(svg);
  });

  it("writes one PNG per dashboard, 1200 px wide", { timeout: 60_000 }, () => {
    const paths = renderDashboards(dir);
    expect(paths.map((p) => basename(p))).toEqual(DASHBOARDS.map((d) => `${d.key}.png`));
    for (const path of paths) {
      const png = readFileSync(path);
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      // IHDR: width and height, big-endian, at bytes 16..24.
      expect(png.readUInt32BE(16)).toBe(1200);
      expect(png.readUInt32BE(20)).toBeGreaterThan(400);
      expect(png.length).toBeGreaterThan(20_000);
    }
  });
});
