import { parseArgs } from "node:util";
import { plan } from "./plan";

const USAGE = `usage: agentcloud plan [--stack <name>] [--dir <project folder>] [--out <folder>]

  Plans a Pulumi program offline under Pulumi's mock runtime, evaluates the agentcloud policy pack in-process
  and writes <out>/<stack>/: resources.json, manifests/, helm-releases.yaml, policy-report.json.

  --stack  stack name; reads Pulumi.<stack>.yaml           (default: local)
  --dir    Pulumi project folder (with Pulumi.yaml)         (default: .)
  --out    output folder                                    (default: <dir>/out)

exit codes: 0 clean, 1 mandatory policy violations, 2 program or configuration error`;

/** CLI entry point; returns the process exit code. */
export async function main(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", default: "local" },
        dir: { type: "string", default: "." },
        out: { type: "string" },
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
  const dir = values.dir!;
  const result = await plan({ dir, stack: values.stack!, out: values.out ?? `${dir}/out`, log });
  return result.exitCode;
}
