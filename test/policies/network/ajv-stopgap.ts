/**
 * Stopgap until test/helpers/schema.ts maps it (the same one test/components/kubernetes/network uses): Cilium's CRDs
 * use Go's RE2 `\PC` (any character outside Unicode category C), which JavaScript spells `\P{C}`; unmapped, ajv
 * cannot compile the CRDs at all. Use as `vi.mock("ajv", async (original) => (await import("./ajv-stopgap.js")).goPatternAjv(original))`.
 */
import type { Options } from "ajv";

export async function goPatternAjv(importOriginal: <T>() => Promise<T>): Promise<Record<string, unknown>> {
  const { default: Ajv, ...rest } = await importOriginal<typeof import("ajv")>();
  const regExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern.replaceAll("\\PC", "\\P{C}"), flags), {
    code: "new RegExp",
  });
  class GoPatternAjv extends Ajv {
    constructor(opts: Options = {}) {
      super({ ...opts, code: { ...opts.code, regExp } });
    }
  }
  return { ...rest, default: GoPatternAjv };
}
