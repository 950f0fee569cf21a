/** Shapes of well-known credentials, each with what it is. */
function credentialShapes(): readonly { pattern: RegExp; what: string }[] {
  return [
    { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: "an AWS access key id" },
    { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a private key" },
    { pattern: /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})/, what: "a GitHub token" },
    { pattern: /\bglpat-[A-Za-z0-9_-]{20}/, what: "a GitLab token" },
    { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, what: "a Slack token" },
    { pattern: /\bsk-[A-Za-z0-9_-]{20,}/, what: "an API secret key (sk-...)" },
    { pattern: /\bAIza[0-9A-Za-z_-]{35}/, what: "a Google API key" },
    { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, what: "a JSON Web Token" },
    { pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, what: "a URL with a password" },
  ];
}

/**
 * What a plain-text environment variable looks like when it looks like a credential, or undefined: a value in the
 * shape of a well-known credential, or a non-empty value under a name that says it is secret (a file path, starting
 * with `/`, is not one).
 */
export function credentialLike(name: string, value: string): string | undefined {
  const shaped = credentialShapes().find((c) => c.pattern.test(value));
  if (shaped !== undefined) return shaped.what;
  // Names that say they hold a secret (`DB_PASSWORD`, `OPENAI_API_KEY`, `GITHUB_TOKEN`).
  const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
  if (secretName.test(name) && value !== "" && !value.startsWith("/")) return "a secret (by its name)";
  return undefined;
}
