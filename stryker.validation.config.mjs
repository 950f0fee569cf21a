// Mutation testing of the validation: all of components/validation/ and every component's validation function.
// `npm run mutation:validation`; not part of `npm test`. Reports: .stryker-tmp/reports/validation.{html,json}.
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

const TEMP = ".stryker-tmp/validation";

// Validation functions inside component files that also hold builders, found by name so the line ranges follow
// edits: top-level `validate...`/`check...` functions, from their first line to the closing brace at column 0.
function validationRanges(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const ranges = [];
  lines.forEach((line, i) => {
    if (!/^(export )?function (validate|check)\w*[(<]/.test(line)) return;
    let end = i;
    while (end < lines.length - 1 && lines[end] !== "}") end += 1;
    ranges.push(`${file}:${i + 1}-${end + 1}`);
  });
  return ranges;
}

const componentDirs = readdirSync("components/kubernetes", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join("components/kubernetes", d.name));
const componentFiles = ["components/kubernetes", ...componentDirs].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f)),
);
const validateFiles = componentFiles.filter((f) => /\/validate[^/]*\.ts$/.test(f));
const mixedFiles = componentFiles.filter((f) => !validateFiles.includes(f) && !f.endsWith("component.ts") && !f.endsWith("index.ts"));

// Sandboxes live at TEMP/sandbox-*, so the tests' `../shared/upstream` resolves through this link.
mkdirSync(TEMP, { recursive: true });
if (!existsSync(join(TEMP, "shared"))) symlinkSync(resolve("../shared"), join(TEMP, "shared"));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "stryker.validation.vitest.config.mts", related: false },
  mutate: ["components/validation/**/*.ts", "!components/validation/index.ts", ...validateFiles, ...mixedFiles.flatMap(validationRanges)],
  coverageAnalysis: "perTest",
  // Module-level constants would run every test for each of their mutants; the patterns live inside the checks
  // instead, and the remaining static mutants (constant lists) are reported as ignored.
  ignoreStatic: true,
  // Two cores shared with other work.
  concurrency: 1,
  timeoutMS: 30_000,
  tempDirName: TEMP,
  ignorePatterns: ["out", "dist", "docs", "examples/scale", ".stryker-tmp", "reports"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: ".stryker-tmp/reports/validation.html" },
  jsonReporter: { fileName: ".stryker-tmp/reports/validation.json" },
  thresholds: { high: 90, low: 80, break: null },
};
