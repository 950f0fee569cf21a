import type { ResourceValidationPolicy } from "@pulumi/policy";
import { strictConfigSchema } from "../lib/config-schema";
import { owaspAgenticTop10 } from "../lib/frameworks";
import { containersOf, describeContainer, validatePodTemplates } from "../lib/pod-templates";

/** How an image reference is pinned: by digest, by a tag, or not at all (`latest`, said or implied). */
export function imagePinning(image: string): "digest" | "tag" | "latest" | "untagged" {
  if (image.includes("@")) return "digest";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  if (colon === -1) return "untagged";
  return lastSegment.slice(colon + 1) === "latest" ? "latest" : "tag";
}

/**
 * An untagged or `:latest` image changes under the agent without a plan showing it. Advisory by default: the fix
 * (a tag, better a digest) is the image owner's. Messages name the container, not the image reference.
 */
export const noLatestTag: ResourceValidationPolicy = {
  name: "agentcloud-images-no-latest-tag",
  description: "Container images must name a tag other than latest, or better a digest (image@sha256:...).",
  enforcementLevel: "advisory",
  severity: "medium",
  framework: owaspAgenticTop10("ASI04 Agentic Supply Chain Vulnerabilities: pin the components an agent runs"),
  tags: ["owasp-agentic-top10:ASI04", "supply-chain"],
  configSchema: strictConfigSchema(),
  remediationSteps: "Refer to each image by digest (registry/name@sha256:<digest>), or at least by an immutable version tag.",
  validateResource: validatePodTemplates((template, _args, report) => {
    for (const ref of containersOf(template.spec)) {
      const image: unknown = ref.container.image;
      if (typeof image !== "string" || image === "") continue;
      const pinning = imagePinning(image);
      if (pinning === "untagged" || pinning === "latest") {
        const what = pinning === "untagged" ? "has no tag (so it means latest)" : "uses the latest tag";
        report(`${describeContainer(template, ref)} image ${what}; pin it by digest (image@sha256:...) or at least a version tag.`);
      }
    }
  }),
};
