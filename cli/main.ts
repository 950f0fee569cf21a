import { parseArgs } from "node:util";
import { plan } from "./plan";
import { DEFAULT_TIMEOUT_SECONDS, defaultMaxMemoryMb, startPlanWorker } from "./supervise";

const USAGE = `usage: agentcloud plan [--stack <name>] [--dir <project folder>] [--out <folder>] [--timeout <seconds>] [--max-memory <MiB>]

  Plans a Pulumi program offline under Pulumi's mock runtime, evaluates the agentcloud policy pack in-process
  and writes <out>/<stack>/: resources.json, crds/, manifests/, helm-releases.yaml, policy-report.json,
  components.txt, and the files the program contributes (ConfigMaps annotated agentcloud.dev/plan-file).

  --stack       stack name (letters, digits, "-", "_", "."; optionally org/ or org/project/);
                reads Pulumi.<stack>.yaml                                  (default: local)
  --dir         Pulumi project folder (with Pulumi.yaml)                   (default: .)
  --out         output folder                                              (default: <dir>/out)
  --timeout     seconds the program may run before the plan stops it       (default: ${DEFAULT_TIMEOUT_SECONDS})
  --max-memory  heap limit of the program in MiB                           (default: Node's heap limit)

exit codes: 0 clean, 1 mandatory policy violations, 2 program or configuration error

       agentcloud audit sample|verify <dir> ...
  Writes a sample day of signed agent receipts, or verifies downloaded receipts; "agentcloud audit --help" for more.`;

function positiveNumber(option: string, value: string | undefined, example: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    problems.push(`--${option} must be a positive number (got ${JSON.stringify(value)}); fix: e.g. --${option} ${example}`);
  return n;
}

/** CLI entry point; returns the process exit code (0, 1 or 2). */
export async function main(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  // `audit` has its own options (the plan's parser would reject them) and is loaded only when used.
  if (argv[0] === "audit") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { audit } = require("./audit/command") as typeof import("./audit/command");
    return audit(argv.slice(1), log);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", default: "local" },
        dir: { type: "string", default: "." },
        out: { type: "string" },
        timeout: { type: "string" },
        "max-memory": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    log(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "plan") {
    log(`unknown command ${JSON.stringify(positionals.join(" "))}; fix: run "agentcloud plan"\n\n${USAGE}`);
    return 2;
  }
  const problems: string[] = [];
  const timeoutSeconds = positiveNumber("timeout", values.timeout, "600", problems);
  const maxMemoryMb = positiveNumber("max-memory", values["max-memory"], "8192", problems);
  if (problems.length > 0) {
    log(problems.join("\n"));
    return 2;
  }
  const dir = values.dir;
  // The worker loads the Pulumi SDK and the pack while this thread checks the project and the plan folder.
  const worker = startPlanWorker(maxMemoryMb ?? defaultMaxMemoryMb());
  const result = await plan({ dir, stack: values.stack, out: values.out ?? `${dir}/out`, log, timeoutSeconds, worker });
  return result.exitCode;
}
