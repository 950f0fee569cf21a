import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ALERT_GROUPS, buildAlertRules, type AlertTargets } from "../../../../components/kubernetes/observability/alerts";

const README = readFileSync(resolve(__dirname, "../../../../README.md"), "utf8");
const alerts = ALERT_GROUPS.flatMap((g) => g.alerts);

// GitHub's heading anchors (github-slugger, written out here so the test does not reuse alerts.ts's): lower case,
// every character but letters, digits, `_`, `-` and spaces dropped, spaces to `-`, repeats suffixed `-1`, `-2`, ...
function githubAnchors(markdown: string): Map<string, string> {
  const anchors = new Map<string, string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (fenced || !heading) continue;
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.set(heading[1].trim(), count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The text under `#### <heading>` up to the next heading. */
function section(heading: string): string | undefined {
  const lines = README.split("\n");
  const start = lines.indexOf(`#### ${heading}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,6} /.test(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
}

const everything: AlertTargets = {
  gateway: { namespace: "g", name: "mcp-gateway" },
  cilium: { namespace: "kube-system", hubble: true },
  agentSandboxController: { namespace: "s" },
  dcgm: { namespace: "d" },
  auditShipper: { namespace: "a" },
};

describe("runbooks in README.md", () => {
  it.each(alerts.map((a) => [a.alert]))("%s has a runbook section with text, under ## Observability", (alert) => {
    const text = section(`Runbook: ${alert}`);
    expect(text, `#### Runbook: ${alert}`).toBeDefined();
    expect(text).toMatch(/\*\*Meaning\.\*\* \S/);
    expect(text).toMatch(/\*\*Check\.\*\*\n1\. \S/);
    const at = README.indexOf(`#### Runbook: ${alert}`);
    expect(README.lastIndexOf("\n## ", at)).toBe(README.indexOf("\n## Observability\n"));
  });

  it("has no runbook for an alert that does not exist", () => {
    const headings = [...README.matchAll(/^#### Runbook: (\S+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(alerts.map((a) => a.alert));
  });

  it("every rendered runbook_url points at its runbook heading's GitHub anchor", () => {
    const anchors = githubAnchors(README);
    const urls = buildAlertRules(everything, "agentcloud-monitoring").flatMap((o) =>
      (o.object as { spec: { groups: { rules: { alert: string; annotations: { runbook_url: string } }[] }[] } }).spec.groups.flatMap((g) =>
        g.rules.map((r) => [r.alert, r.annotations.runbook_url]),
      ),
    );
    expect(urls.length).toBe(alerts.length);
    for (const [alert, url] of urls) expect(url, alert).toBe(`README.md#${anchors.get(`Runbook: ${alert}`)}`);
  });

  it("lists every alert in the alerts table with its severity, what fires it and the first check", () => {
    for (const a of alerts) {
      expect(README, a.alert).toContain(`| \`${a.alert}\` | ${a.severity} | ${a.firesWhen} | ${a.firstCheck} |`);
    }
  });
});
