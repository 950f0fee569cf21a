/**
 * Messages name objects and fields, never free-form values: a property may hold a `pulumi.secret`, and the engine
 * hands policies the plain value. A value is shown only when it has the shape of an identifier of its kind.
 */

/** A capability name (`SYS_ADMIN`). */
export const CAPABILITY = /^[A-Z][A-Z0-9_]{0,40}$/;

/** A Kubernetes object name (DNS-1123 subdomain). */
export const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A sysctl name (`net.ipv4.tcp_syncookies`). */
export const SYSCTL = /^[a-z0-9_]+([./][a-z0-9_-]+){0,10}$/;

/** `"value"` when it has the identifier shape, else `fallback`. */
export function shown(value: unknown, shape: RegExp, fallback: string): string {
  return typeof value === "string" && shape.test(value) ? JSON.stringify(value) : fallback;
}

/** `"value"` when it is one of the known values, else `fallback`. */
export function shownIfKnown(value: unknown, known: readonly string[], fallback: string): string {
  return typeof value === "string" && known.includes(value) ? JSON.stringify(value) : fallback;
}
