/** Pulumi's marker for secret values in serialized properties (`runtime/rpc` specialSigKey / specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** What plan files show instead of a secret value. */
export const REDACTED = "[secret]";

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/**
 * The value inside any secret wrappers, and whether there was one. Secrecy spreads outwards when the SDK
 * serializes inputs: one secret annotation makes a resource's whole `metadata` a secret.
 */
export function unwrapSecret(value: unknown): { value: unknown; secret: boolean } {
  let secret = false;
  let current = value;
  while (isSecret(current)) {
    secret = true;
    current = current.value;
  }
  return { value: current, secret };
}

function mapSecrets(value: unknown, onSecret: (secret: { value: unknown }) => unknown): unknown {
  if (isSecret(value)) return onSecret(value);
  if (Array.isArray(value)) return value.map((v) => mapSecrets(v, onSecret));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, onSecret)]));
  }
  return value;
}

/** True when a secret sits anywhere in `value`. */
export function containsSecret(value: unknown): boolean {
  let found = false;
  mapSecrets(value, () => (found = true));
  return found;
}

/** A secret's redaction: every leaf becomes {@link REDACTED}; objects keep their keys and arrays their length. */
function redactShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactShape);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactShape(v)]));
  return REDACTED;
}

/**
 * Replaces every secret value with {@link REDACTED}: plan files never hold secret values. A secret object keeps its
 * keys (a Secret's `stringData: { password: "[secret]" }`), so the written manifest still has its kind's shape.
 */
export function redactSecrets<T>(value: T): T {
  return mapSecrets(value, (s) => redactShape(revealSecrets(s.value))) as T;
}

/** Unwraps secrets to their values, as the Pulumi engine hands resource properties to policies. */
export function revealSecrets<T>(value: T): T {
  return mapSecrets(value, (s) => revealSecrets(s.value)) as T;
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (value !== "" && value !== REDACTED) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) collectStrings(v, into);
  }
}

/**
 * Every string held in a secret anywhere in `value`, and each structured secret as JSON. Secret numbers and
 * booleans are left out: replacing every "true" or "2" in a message would hide more than the secret.
 */
export function secretValues(value: unknown): string[] {
  const found = new Set<string>();
  mapSecrets(value, (s) => {
    const revealed = revealSecrets(s.value);
    collectStrings(revealed, found);
    if (revealed !== null && typeof revealed === "object") found.add(JSON.stringify(revealed));
    return REDACTED;
  });
  // Longest first, so a secret that contains another is replaced whole.
  return [...found].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** Replaces every occurrence of each secret in `text` with {@link REDACTED}. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}
