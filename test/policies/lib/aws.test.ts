import { describe, expect, it } from "vitest";
import { ARN, IAM_ACTION, hasWildcard, iamStatements, linkedByName, tag } from "../../../policies/lib/aws";

describe("the AWS policy helpers", () => {
  it("read IAM policy documents as JSON text or objects, a single statement or a list", () => {
    expect(iamStatements('{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k"}}')).toEqual([
      {
        path: "Statement",
        effect: "Allow",
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::b/k"],
        notAction: false,
        notResource: false,
      },
    ]);
    expect(iamStatements({ Statement: [{ Effect: "Deny", NotAction: "iam:*", Resource: ["*", 5] }, {}] })).toEqual([
      { path: "Statement[0]", effect: "Deny", actions: [], resources: ["*", undefined], notAction: true, notResource: false },
      { path: "Statement[1]", effect: "Allow", actions: [], resources: [], notAction: false, notResource: false },
    ]);
    expect(["{", "[]", "{}", '{"Statement":"x"}', null, 5].map(iamStatements)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("find wildcards as IAM does (* and ?), counting unreadable entries as wildcards", () => {
    expect(
      ["*", "s3:*", "s3:Get*", "s3:GetObjec?", "arn:aws:s3:::b/*", "s3:GetObject", "arn:aws:s3:::b/k", undefined].map(hasWildcard),
    ).toEqual([true, true, true, true, true, false, false, true]);
  });

  it("show only action and ARN shapes", () => {
    expect(["s3:GetObject", "*", "s3:Get*", "CANARY secret", "s3:Get Object"].map((a) => IAM_ACTION.test(a))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(
      ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:s3:::b/*", "*", "arn:aws:iam::123:policy/x y"].map((a) => ARN.test(a)),
    ).toEqual([true, true, true, false]);
  });

  it("read tags and link resources by an exact name", () => {
    expect([tag({ tags: { a: "1", b: 2 } }, "a"), tag({ tags: { b: 2 } }, "b"), tag({ tags: null }, "a"), tag(null, "a")]).toEqual([
      "1",
      undefined,
      undefined,
      undefined,
    ]);
    const resources = [
      { type: "aws:s3/bucketVersioning:BucketVersioning", name: "v", urn: "u1", props: { bucket: "logs" } },
      { type: "aws:s3/bucketVersioning:BucketVersioning", name: "w", urn: "u2", props: { bucket: "logs-2" } },
      { type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", urn: "u3", props: { bucket: "logs" } },
    ];
    expect(linkedByName(resources as never, "aws:s3/bucketVersioning:BucketVersioning", "bucket", "logs").map((r) => r.name)).toEqual([
      "v",
    ]);
  });
});
