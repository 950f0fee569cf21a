import { checkDnsLabel } from "../../validation/names";
import { nestProblems, showValue, type ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkOneOf, isRecord } from "../../validation/values";
import { gpuResourceName, resolveGpuPool } from "./resolve";
import {
  DEFAULT_DEVICE_PLUGIN_CONFIG,
  GPU_DEVICE_PLUGIN_SOURCES,
  MAX_GPU_REPLICAS,
  type GpuPoolSharing,
  type GpuSharingArgs,
} from "./spec";

/** Every problem with one pool's sharing (`argument` is its path, e.g. `pools[0]`). */
export function validateGpuPoolSharing(argument: string, value: unknown): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      { argument, value, problem: "must be an object with pool and replicas", fix: `set ${argument} to { pool: "gpu", replicas: 4 }` },
    ];
  }
  const p = value as Partial<GpuPoolSharing>;
  const problems: ValidationProblem[] = [...checkDnsLabel("pool", p.pool)];
  if (p.pool === DEFAULT_DEVICE_PLUGIN_CONFIG) {
    problems.push({
      argument: "pool",
      value: p.pool,
      problem: `is the name of the device plugin's config for nodes of no pool`,
      fix: `name the pool something else, such as "gpu"`,
    });
  }
  if (p.replicas !== undefined) problems.push(...checkInteger("replicas", p.replicas, 1, MAX_GPU_REPLICAS));
  if (p.renameByDefault !== undefined) problems.push(...checkBoolean("renameByDefault", p.renameByDefault));
  if (p.renameByDefault === true && p.replicas === 1) {
    problems.push({
      argument: "renameByDefault",
      value: true,
      problem: "renames shared GPUs, but replicas 1 shares nothing",
      fix: "set replicas above 1, or leave renameByDefault out",
    });
  }
  if (p.devicePlugin !== undefined) problems.push(...checkOneOf("devicePlugin", p.devicePlugin, GPU_DEVICE_PLUGIN_SOURCES));
  return nestProblems(argument, problems);
}

/** Every problem with `GpuSharing`'s arguments, all at once. */
export function validateGpuSharingArgs(args: GpuSharingArgs): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const pools: unknown = args.pools;
  if (!Array.isArray(pools) || pools.length === 0) {
    problems.push({
      argument: "pools",
      value: pools,
      problem: "must list at least one GPU node pool",
      fix: `set pools to [{ pool: "gpu", replicas: 4 }]`,
    });
  } else {
    const valid: { index: number; pool: GpuPoolSharing }[] = [];
    pools.forEach((pool: unknown, i) => {
      const own = validateGpuPoolSharing(`pools[${i}]`, pool);
      problems.push(...own);
      if (own.length === 0) valid.push({ index: i, pool: pool as GpuPoolSharing });
    });
    const seen = new Set<string>();
    for (const { index, pool } of valid) {
      if (seen.has(pool.pool)) {
        problems.push({
          argument: `pools[${index}].pool`,
          value: pool.pool,
          problem: "is listed more than once",
          fix: `list ${showValue(pool.pool)} once`,
        });
      }
      seen.add(pool.pool);
    }
    const first = valid[0];
    if (first) {
      const name = gpuResourceName(resolveGpuPool(first.pool));
      for (const { index, pool } of valid.slice(1)) {
        const other = gpuResourceName(resolveGpuPool(pool));
        if (other !== name) {
          problems.push({
            argument: `pools[${index}].renameByDefault`,
            value: pool.renameByDefault,
            problem: `advertises ${other} while pools[${first.index}] advertises ${name}; agents request one GPU resource`,
            fix: `give every shared pool the same renameByDefault`,
          });
        }
      }
    }
  }
  if (args.namespace !== undefined) problems.push(...checkDnsLabel("namespace", args.namespace));
  if (args.dcgmExporter !== undefined) problems.push(...checkBoolean("dcgmExporter", args.dcgmExporter));
  return problems;
}
