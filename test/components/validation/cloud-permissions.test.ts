import { describe, expect, it } from "vitest";
import { broadGrants, hasWildcard } from "../../../components/validation";

describe("broadGrants", () => {
  it("finds wildcards anywhere in actions and resources", () => {
    expect(hasWildcard("s3:GetObject")).toBe(false);
    expect(hasWildcard("s3:Get?bject")).toBe(true);
    expect(
      broadGrants({
        cloud: "aws",
        actions: ["s3:GetObject", "iam:*Policy", "s3:Get*", "*"],
        resources: ["arn:aws:s3:::*", "arn:aws:s3:::b/k"],
      }),
    ).toEqual([
      {
        field: "actions",
        values: ["iam:*Policy", "s3:Get*", "*"],
        problem: 'contains wildcard actions "iam:*Policy", "s3:Get*", "*"',
        fix: "list the specific actions the agent needs",
      },
      {
        field: "resources",
        values: ["arn:aws:s3:::*"],
        problem: 'contains wildcard resources "arn:aws:s3:::*"',
        fix: "name the specific resources (ARNs or resource names)",
      },
    ]);
  });

  it("finds GCP basic roles, only for GCP", () => {
    expect(
      broadGrants({
        cloud: "gcp",
        actions: ["roles/owner", "roles/editor", "roles/viewer", "roles/storage.objectViewer"],
        resources: ["//storage.googleapis.com/projects/_/buckets/b"],
      }),
    ).toEqual([
      {
        field: "actions",
        values: ["roles/owner", "roles/editor", "roles/viewer"],
        problem:
          'contains GCP basic roles "roles/owner", "roles/editor", "roles/viewer", which grant access to every resource of the project',
        fix: 'use predefined or custom roles like "roles/storage.objectViewer"',
      },
    ]);
    expect(broadGrants({ cloud: "aws", actions: ["roles/owner"], resources: ["arn:aws:s3:::b"] })).toEqual([]);
  });

  it("is empty for least privilege and ignores what is not a list of strings", () => {
    expect(broadGrants({ cloud: "aws", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/reports/latest.json"] })).toEqual([]);
    expect(broadGrants({ cloud: "aws", actions: "s3:*", resources: [7, "*"] })).toEqual([
      {
        field: "resources",
        values: ["*"],
        problem: 'contains wildcard resources "*"',
        fix: "name the specific resources (ARNs or resource names)",
      },
    ]);
    expect(broadGrants({})).toEqual([]);
  });
});
