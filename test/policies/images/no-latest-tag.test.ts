import { describe, expect, it } from "vitest";
import { imagePinning, noLatestTag } from "../../../policies/images/no-latest-tag";
import { agentDeployment, violations } from "../helpers";

describe("agentcloud-images-no-latest-tag", () => {
  it("tells digest, tag, latest and untagged references apart (registry ports are not tags)", () => {
    expect(
      [
        "ghcr.io/x/coder@sha256:abc",
        "ghcr.io/x/coder:latest@sha256:abc",
        "ghcr.io/x/coder:1.0.0",
        "localhost:5000/coder:2",
        "ghcr.io/x/coder:latest",
        "coder:latest",
        "ghcr.io/x/coder",
        "localhost:5000/coder",
        "coder",
      ].map(imagePinning),
    ).toEqual(["digest", "digest", "tag", "tag", "latest", "latest", "untagged", "untagged", "untagged"]);
  });

  it("flags untagged and :latest images as advisory, recommending a digest, and never prints the image", async () => {
    const regs = [
      agentDeployment("coder", (t) => {
        t.spec.containers[0].image = "registry.example/coder";
        t.spec.initContainers = [
          { name: "setup", image: "busybox:latest" },
          { name: "pinned", image: "busybox@sha256:0123" },
        ];
        t.spec.ephemeralContainers = [{ name: "debug" }];
      }),
    ];
    const found = await violations([noLatestTag], regs);
    expect(found.map((v) => [v.message, v.enforcementLevel])).toEqual([
      [
        'Deployment "coder" container "agent" image has no tag (so it means latest); pin it by digest (image@sha256:...) or at least a version tag.',
        "advisory",
      ],
      [
        'Deployment "coder" init container "setup" image uses the latest tag; pin it by digest (image@sha256:...) or at least a version tag.',
        "advisory",
      ],
    ]);
    expect(await violations([noLatestTag], [agentDeployment("ok")])).toEqual([]);
  });
});
