import type { ValidationProblem } from "../validation/problems";
import { CanonicalJsonError, canonicalize } from "./canonical";
import { isValidKeyName } from "./note";
import { AGENT_PATTERN, type ReceiptInput } from "./receipt";

/** Checks an agent identity: DNS labels joined by `/`. */
export function checkAgentIdentity(argument: string, agent: unknown): ValidationProblem[] {
  if (typeof agent === "string" && AGENT_PATTERN.test(agent)) return [];
  return [
    {
      argument,
      value: agent,
      problem: "is not an agent identity (lowercase DNS labels joined by /)",
      fix: 'use "<tenant>/<agent>", e.g. "research/planner"',
    },
  ];
}

/** Checks the signer's key name, which prefixes every log origin. */
export function checkKeyName(argument: string, name: unknown): ValidationProblem[] {
  if (typeof name === "string" && isValidKeyName(name)) return [];
  return [
    {
      argument,
      value: name,
      problem: "is not a signed-note key name (non-empty, no spaces, no +)",
      fix: 'use a schema-less URL, e.g. "receipts.example.com/fleet-a"',
    },
  ];
}

/** Checks a receipt's input; every problem at once. */
export function validateReceiptInput(input: ReceiptInput): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (typeof input.action !== "string" || input.action === "")
    problems.push({ argument: "action", value: input.action, problem: "must be a non-empty string", fix: 'e.g. "tool.call"' });
  if (input.tool !== undefined && (typeof input.tool !== "string" || input.tool === ""))
    problems.push({
      argument: "tool",
      value: input.tool,
      problem: "must be a non-empty string when set",
      fix: 'name the tool, e.g. "github/create_issue", or leave tool unset',
    });
  if (typeof input.reason !== "string")
    problems.push({ argument: "reason", value: input.reason, problem: "must be a string", fix: "state why the agent took the action" });
  if (input.cost !== undefined) {
    if (typeof input.cost.amount !== "number" || !Number.isFinite(input.cost.amount))
      problems.push({ argument: "cost.amount", value: input.cost.amount, problem: "must be a finite number", fix: "e.g. 0.0042" });
    if (typeof input.cost.unit !== "string" || input.cost.unit === "")
      problems.push({
        argument: "cost.unit",
        value: input.cost.unit,
        problem: "must be a non-empty string",
        fix: 'e.g. "USD" or "tokens"',
      });
  }
  if (input.utility !== undefined && (typeof input.utility !== "number" || !Number.isFinite(input.utility)))
    problems.push({
      argument: "utility",
      value: input.utility,
      problem: "must be a finite number when set",
      fix: "e.g. 0.8, or leave utility unset",
    });
  if (input.params !== undefined) {
    try {
      canonicalize(input.params);
    } catch (e) {
      if (!(e instanceof CanonicalJsonError)) throw e;
      problems.push({
        argument: `params${e.path.slice(1)}`,
        // Parameters may hold secrets: the message never shows them.
        value: "(not shown)",
        problem: `has no canonical JSON form: ${e.message.slice(e.path.length + 2)}`,
        fix: "pass JSON data only (finite numbers, strings, booleans, null, arrays, plain objects)",
      });
    }
  }
  return problems;
}
