import type { CustomResourceDefinition } from "kubernetes-types/apiextensions/v1";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { standardLabels } from "../labels";

/**
 * The agent-sandbox CRD files vendored byte-for-byte from kubernetes-sigs/agent-sandbox v0.5.6 `k8s/crds/`
 * (identical to `helm/crds/`). Tests check them against ../shared/upstream/agent-sandbox/v0.5.6/crds.
 */
export const AGENT_SANDBOX_CRD_FILES = [
  "agents.x-k8s.io_sandboxes.yaml",
  "extensions.agents.x-k8s.io_sandboxclaims.yaml",
  "extensions.agents.x-k8s.io_sandboxtemplates.yaml",
  "extensions.agents.x-k8s.io_sandboxwarmpools.yaml",
] as const;

/** Directory holding the vendored CRD files. */
export const AGENT_SANDBOX_CRD_DIR = join(__dirname, "crds");

/** The Service the CRDs' conversion webhook points at (upstream default `--webhook-service-name`). */
export const WEBHOOK_SERVICE_NAME = "agent-sandbox-webhook-service";

let parsed: CustomResourceDefinition[] | undefined;

function vendoredCrds(): CustomResourceDefinition[] {
  // The files are ~800 KB of YAML; parse once per process.
  parsed ??= AGENT_SANDBOX_CRD_FILES.map(
    (file) => parse(readFileSync(join(AGENT_SANDBOX_CRD_DIR, file), "utf8")) as CustomResourceDefinition,
  );
  return parsed;
}

/**
 * The four agent-sandbox CRDs, parsed from the vendored YAML, with agentcloud's labels added and the conversion
 * webhook pointed at the controller's namespace. These objects never set `caBundle`: the controller patches it in,
 * only at startup (cmd/agent-sandbox-controller/tls.go `patchCRDs`). pulumi-kubernetes updates a CRD by replacing
 * it with the program's inputs (a PUT, pulumi/pulumi-kubernetes#1819), which drops that patched `caBundle`, and
 * conversion then fails until the controller restarts. So
 * the controller's pod template carries a hash of these objects (`CRD_HASH_ANNOTATION`): any CRD change rolls the
 * controller after the CRDs are updated, and the new pod patches `caBundle` back in.
 */
export function buildAgentSandboxCrds(namespace: string): CustomResourceDefinition[] {
  return vendoredCrds().map((source) => {
    const crd = structuredClone(source);
    crd.metadata = { ...crd.metadata, labels: { ...crd.metadata?.labels, ...standardLabels("agent-sandbox", "crd") } };
    const service = crd.spec.conversion?.webhook?.clientConfig?.service;
    if (service) {
      service.namespace = namespace;
      service.name = WEBHOOK_SERVICE_NAME;
    }
    return crd;
  });
}

/**
 * Names of the agent-sandbox CRDs, in file order: the list the controller patches at startup
 * (cmd/agent-sandbox-controller/tls.go `patchCRDs`). A test checks it against the vendored files.
 */
export const AGENT_SANDBOX_CRD_NAMES = [
  "sandboxes.agents.x-k8s.io",
  "sandboxclaims.extensions.agents.x-k8s.io",
  "sandboxtemplates.extensions.agents.x-k8s.io",
  "sandboxwarmpools.extensions.agents.x-k8s.io",
] as const;
