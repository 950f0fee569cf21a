import { validateDataplaneV2Options } from "../../kubernetes/network/dataplane-v2";
import { nestProblems, type ValidationProblem } from "../../validation/problems";
import { checkBoolean, checkInteger, checkNonEmptyString, checkOneOf, isRecord } from "../../validation/values";
import { parseIpv4Cidr } from "../network/cidr";
import { checkIpv4Range, checkRegion } from "../network/validate";
import { GKE_RELEASE_CHANNELS } from "./spec";

const KNOWN = [
  "project",
  "location",
  "clusterName",
  "network",
  "masterIpv4CidrBlock",
  "masterAuthorizedNetworks",
  "releaseChannel",
  "systemPool",
  "fabric",
  "deletionProtection",
  "labels",
];
const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const CLUSTER_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** Problems with a GCP project id. */
export function checkProjectId(argument: string, value: unknown): ValidationProblem[] {
  if (typeof value === "string" && PROJECT_ID.test(value)) return [];
  return [
    {
      argument,
      value,
      problem: "must be a GCP project id (6 to 30 lower-case letters, digits or -, starting with a letter)",
      fix: `use your project's id, like "acme-agents-prod"`,
    },
  ];
}

function checkAuthorizedNetworks(value: unknown): ValidationProblem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [
      {
        argument: "masterAuthorizedNetworks",
        value,
        problem: "must list at least one network: with a private endpoint, authorised networks are the only way to the API server",
        fix: `list your admin range, e.g. [{ cidrBlock: "10.10.0.0/20", displayName: "cluster subnet" }]`,
      },
    ];
  }
  return value.flatMap((n: unknown, i): ValidationProblem[] => {
    const at = `masterAuthorizedNetworks[${i}]`;
    if (!isRecord(n)) return [{ argument: at, value: n, problem: "must be { cidrBlock, displayName }", fix: "give both" }];
    const everyAddress = parseIpv4Cidr(n.cidrBlock)?.prefix === 0;
    return [
      ...(everyAddress
        ? [
            {
              argument: `${at}.cidrBlock`,
              value: n.cidrBlock,
              problem: "opens the control plane to every address",
              fix: "list only the ranges administrators and CI come from",
            },
          ]
        : checkIpv4Range(`${at}.cidrBlock`, n.cidrBlock, 8, 32)),
      ...checkNonEmptyString(`${at}.displayName`, n.displayName, "admin VPN"),
    ];
  });
}

function checkSystemPool(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (!isRecord(value))
    return [{ argument: "systemPool", value, problem: "must be an object", fix: `use e.g. { minNodes: 1, maxNodes: 3 }` }];
  const problems: ValidationProblem[] = [];
  if (value.machineType !== undefined) problems.push(...checkNonEmptyString("systemPool.machineType", value.machineType, "e2-standard-4"));
  if (value.minNodes !== undefined) problems.push(...checkInteger("systemPool.minNodes", value.minNodes, 1, 100));
  if (value.maxNodes !== undefined) problems.push(...checkInteger("systemPool.maxNodes", value.maxNodes, 1, 1000));
  if (value.diskSizeGb !== undefined) problems.push(...checkInteger("systemPool.diskSizeGb", value.diskSizeGb, 20, 65536));
  const min = value.minNodes ?? 1;
  const max = value.maxNodes ?? 3;
  if (typeof min === "number" && typeof max === "number" && problems.length === 0 && min > max) {
    problems.push({
      argument: "systemPool.maxNodes",
      value: max,
      problem: `is below systemPool.minNodes (${min})`,
      fix: `set systemPool.maxNodes to at least ${min}`,
    });
  }
  return problems;
}

/**
 * Every problem with `GkeAgentCluster`'s arguments, before any resource is created: project id, region, cluster name,
 * network references, the control plane's /28, authorised networks (at least one, never every address), release
 * channel, system pool bounds and the Dataplane V2 settings (turning a protection off needs its acknowledgement).
 */
export function validateGkeAgentClusterArgs(args: unknown): ValidationProblem[] {
  if (!isRecord(args)) {
    return [
      { argument: "args", value: args, problem: "must be an object", fix: "pass { project, location, network, masterAuthorizedNetworks }" },
    ];
  }
  const problems: ValidationProblem[] = Object.keys(args)
    .filter((k) => !KNOWN.includes(k))
    .map((k) => ({ argument: k, value: args[k], problem: "is not an argument of GkeAgentCluster", fix: `use only ${KNOWN.join(", ")}` }));
  problems.push(...checkProjectId("project", args.project), ...checkRegion("location", args.location));
  if (args.clusterName !== undefined && (typeof args.clusterName !== "string" || !CLUSTER_NAME.test(args.clusterName))) {
    problems.push({
      argument: "clusterName",
      value: args.clusterName,
      problem: "must be a GKE cluster name: a lower-case letter, then lower-case letters, digits or -, at most 40 characters",
      fix: `use a name like "agentcloud"`,
    });
  }
  if (!isRecord(args.network) || args.network.network === undefined || args.network.subnetwork === undefined) {
    problems.push({
      argument: "network",
      value: args.network,
      problem: "must name the VPC and subnet",
      fix: "pass { network: vpc.networkName, subnetwork: vpc.subnetworkName } of an AgentVpcNetwork",
    });
  }
  if (args.masterIpv4CidrBlock !== undefined) problems.push(...checkIpv4Range("masterIpv4CidrBlock", args.masterIpv4CidrBlock, 28, 28));
  problems.push(...checkAuthorizedNetworks(args.masterAuthorizedNetworks));
  if (args.releaseChannel !== undefined) problems.push(...checkOneOf("releaseChannel", args.releaseChannel, GKE_RELEASE_CHANNELS));
  problems.push(...checkSystemPool(args.systemPool));
  problems.push(...nestProblems("fabric", validateDataplaneV2Options(args.fabric)));
  if (args.deletionProtection !== undefined) problems.push(...checkBoolean("deletionProtection", args.deletionProtection));
  return problems;
}
