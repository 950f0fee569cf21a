import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AGENT_SANDBOX_CRD_DIR,
  AGENT_SANDBOX_CRD_FILES,
  AGENT_SANDBOX_CRD_NAMES,
  buildAgentSandboxCrds,
  WEBHOOK_SERVICE_NAME,
} from "../../../../components/kubernetes/agent-sandbox";
import { UPSTREAM } from "../../../../components/vocabulary";
import { invalidObjects, UPSTREAM_DIR } from "../../../helpers/schema";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const upstreamCrds = join(UPSTREAM_DIR, "agent-sandbox", UPSTREAM.agentSandbox.version, "crds");

describe("vendored agent-sandbox CRDs", () => {
  it("are exactly the four upstream files of the pinned release, byte for byte", () => {
    expect(readdirSync(AGENT_SANDBOX_CRD_DIR).sort()).toEqual([...AGENT_SANDBOX_CRD_FILES].sort());
    expect(readdirSync(upstreamCrds).sort()).toEqual([...AGENT_SANDBOX_CRD_FILES].sort());
    for (const file of AGENT_SANDBOX_CRD_FILES) {
      expect(sha256(join(AGENT_SANDBOX_CRD_DIR, file)), file).toBe(sha256(join(upstreamCrds, file)));
    }
  });

  it("match the upstream SHA256SUMS", () => {
    const sums = readFileSync(join(UPSTREAM_DIR, "SHA256SUMS"), "utf8");
    for (const file of AGENT_SANDBOX_CRD_FILES) {
      const line = sums.split("\n").find((l) => l.endsWith(`agent-sandbox/${UPSTREAM.agentSandbox.version}/crds/${file}`));
      expect(line, file).toBeDefined();
      expect(line!.split(/\s+/)[0]).toBe(sha256(join(AGENT_SANDBOX_CRD_DIR, file)));
    }
  });
});

describe("buildAgentSandboxCrds", () => {
  it("parses the four CRDs with the names the controller patches, v1beta1 stored and v1alpha1 deprecated", () => {
    const crds = buildAgentSandboxCrds("agent-sandbox-system");
    expect(crds.map((c) => c.metadata?.name)).toEqual([...AGENT_SANDBOX_CRD_NAMES]);
    expect(crds.map((c) => c.spec.names.kind)).toEqual(["Sandbox", "SandboxClaim", "SandboxTemplate", "SandboxWarmPool"]);
    for (const crd of crds) {
      expect(crd.spec.versions.find((v) => v.storage)?.name).toBe("v1beta1");
      expect(crd.spec.versions.find((v) => v.name === "v1alpha1")?.deprecated).toBe(true);
    }
  });

  it("points the conversion webhook at the controller namespace and keeps the upstream path", () => {
    for (const crd of buildAgentSandboxCrds("sandboxes")) {
      expect(crd.spec.conversion).toEqual({
        strategy: "Webhook",
        webhook: {
          conversionReviewVersions: ["v1", "v1beta1"],
          clientConfig: { service: { name: WEBHOOK_SERVICE_NAME, namespace: "sandboxes", path: "/convert" } },
        },
      });
      expect(crd.metadata?.labels?.["app.kubernetes.io/managed-by"]).toBe("agentcloud");
      expect(crd.metadata?.annotations?.["controller-gen.kubebuilder.io/version"]).toBe("v0.21.0");
    }
  });

  it("returns fresh copies, so one caller's edits never leak into another's", () => {
    const first = buildAgentSandboxCrds("a");
    first[0].spec.group = "changed.example.com";
    expect(buildAgentSandboxCrds("b")[0].spec.group).toBe("agents.x-k8s.io");
  });

  it("renders schema-valid CustomResourceDefinitions", async () => {
    expect(await invalidObjects(buildAgentSandboxCrds("agent-sandbox-system"))).toEqual([]);
  });
});
