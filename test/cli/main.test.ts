import { describe, expect, it } from "vitest";
import { main } from "../../cli/main";

async function run(args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(args, (l) => lines.push(l));
  return { code, text: lines.join("\n") };
}

describe("agentcloud main", () => {
  it("prints usage with every option and its default", async () => {
    const { code, text } = await run(["--help"]);
    expect(code).toBe(0);
    for (const option of ["--stack", "--dir", "--out", "--timeout", "--max-memory"]) expect(text).toContain(`  ${option} `);
    expect(text).toContain("(default: 300)");
    expect(text).toContain("exit codes: 0 clean, 1 mandatory policy violations, 2 program or configuration error");
  });

  it("exits 2 on an unknown command or option, saying how to fix it", async () => {
    const unknown = await run(["deploy"]);
    expect(unknown.code).toBe(2);
    expect(unknown.text).toMatch(/^unknown command "deploy"; fix: run "agentcloud plan"\n\nusage: agentcloud plan/);
    const option = await run(["plan", "--stak", "dev"]);
    expect(option.code).toBe(2);
    expect(option.text).toMatch(/^Unknown option '--stak'/);
  });

  it("exits 2 listing every bad --timeout and --max-memory value at once", async () => {
    const { code, text } = await run(["plan", "--timeout", "0", "--max-memory", "lots"]);
    expect(code).toBe(2);
    expect(text).toBe(
      [
        '--timeout must be a positive number (got "0"); fix: e.g. --timeout 600',
        '--max-memory must be a positive number (got "lots"); fix: e.g. --max-memory 8192',
      ].join("\n"),
    );
  });

  it("exits 2 on an unknown stack, naming the missing config file", async () => {
    const { code, text } = await run(["plan", "--stack", "prod", "--out", "/nonexistent-agentcloud-out"]);
    expect(code).toBe(2);
    expect(text).toMatch(/stack "prod" has no config file .*Pulumi\.prod\.yaml; fix: create it or pass --stack with an existing stack/);
  });
});
