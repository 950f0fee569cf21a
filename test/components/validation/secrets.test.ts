import { describe, expect, it } from "vitest";
import { credentialLike } from "../../../components/validation";

describe("credentialLike", () => {
  it("recognises well-known credential shapes under any name", () => {
    const cases: [string, string][] = [
      ["AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
      ["ASIAIOSFODNN7EXAMPLE", "an AWS access key id"],
      ["-----BEGIN RSA PRIVATE KEY-----\nMIIE", "a private key"],
      ["-----BEGIN PRIVATE KEY-----", "a private key"],
      [`ghp_${"a".repeat(36)}`, "a GitHub token"],
      [`github_pat_${"a".repeat(22)}`, "a GitHub token"],
      [`glpat-${"a".repeat(20)}`, "a GitLab token"],
      ["xoxb-1234567890-abc", "a Slack token"],
      [`sk-${"a".repeat(20)}`, "an API secret key (sk-...)"],
      [`sk-ant-api03-${"a".repeat(20)}`, "an API secret key (sk-...)"],
      [`AIza${"a".repeat(35)}`, "a Google API key"],
      ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "a JSON Web Token"],
      ["postgres://app:hunter2@db:5432/app", "a URL with a password"],
    ];
    for (const [value, what] of cases) expect(credentialLike("CONFIG", value), value).toBe(what);
  });

  it("flags names that say they are secret, unless the value is empty or a file path", () => {
    for (const name of [
      "DB_PASSWORD",
      "db_passwd",
      "CLIENT_SECRET",
      "GITHUB_TOKEN",
      "OPENAI_API_KEY",
      "APIKEY",
      "AWS_SECRET_ACCESS_KEY",
      "ACCESSKEY",
      "SSH_PRIVATE_KEY",
      "GOOGLE_CREDENTIALS",
      "CREDENTIAL",
    ]) {
      expect(credentialLike(name, "changeme"), name).toBe("a secret (by its name)");
    }
    expect(credentialLike("DB_PASSWORD", "")).toBeUndefined();
    expect(credentialLike("GOOGLE_CREDENTIALS", "/var/run/secrets/gcp/key.json")).toBeUndefined();
  });

  it("leaves ordinary configuration alone", () => {
    for (const [name, value] of [
      ["LOG_LEVEL", "info"],
      ["TOKEN_FILE", "x"],
      ["MAX_TOKENS", "4096"],
      ["API_URL", "https://api.example.com/v1"],
      ["SECRETS_DIR", "x"],
      ["MODEL", "claude-sonnet"],
      ["ID", "AKIAIOSFODNN7EXAMPL"],
      ["HTTP", "https://user@example.com/"],
      ["TASK", "ask-a-question-about-skiing-today"],
    ]) {
      expect(credentialLike(name, value), `${name}=${value}`).toBeUndefined();
    }
  });
});
