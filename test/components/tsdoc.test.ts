import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { listFiles } from "../helpers/files";

const COMPONENTS = resolve(__dirname, "../../components");

/** What users pass: `*Args` and `*Spec` interfaces, and everything in an `args.ts`/`spec.ts` (the types they nest). */
function isArgumentInterface(file: string, name: string): boolean {
  if (name.startsWith("Resolved")) return false;
  return /(Args|Spec)$/.test(name) || /[\\/](args|spec)\.ts$/.test(file);
}

/** Members of exported `*Args` / `*Spec` interfaces (and the interfaces they use) lacking TSDoc or `@default`. */
function undocumented(): string[] {
  const problems: string[] = [];
  for (const file of listFiles(COMPONENTS, (p) => p.endsWith(".ts"))) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      if (!isArgumentInterface(file, statement.name.text)) continue;
      const where = `${relative(COMPONENTS, file)} ${statement.name.text}`;
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const name = member.name.getText(source);
        const docs = ts.getJSDocCommentsAndTags(member);
        if (docs.length === 0) {
          problems.push(`${where}.${name}: no TSDoc`);
          continue;
        }
        const hasDefault = ts.getJSDocTags(member).some((t) => t.tagName.text === "default");
        if (member.questionToken && !hasDefault) problems.push(`${where}.${name}: optional without @default`);
      }
    }
  }
  return problems;
}

describe("component arguments", () => {
  it("every exported interface member has TSDoc, and every optional one an @default", () => {
    expect(undocumented()).toEqual([]);
  });
});
