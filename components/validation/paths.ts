import type { ValidationProblem } from "./problems";

/** A path another volume is mounted at, and what it holds. */
export interface ReservedPath {
  /** The absolute mount path. */
  path: string;
  /** What is mounted there, for the message (e.g. `the ServiceAccount token`). */
  holds: string;
}

/** Whether `inner` is `outer` or below it, segment by segment (`/tmpfs` is not below `/tmp`). */
export function isSameOrBelow(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer === "/" ? "/" : `${outer}/`);
}

/**
 * Problems with a volume's mount path: absolute, normalised (no `.`, `..`, empty segments or trailing `/`) and
 * neither at, above nor below a path another volume of the container is mounted at.
 */
export function checkMountPath(argument: string, value: unknown, reserved: readonly ReservedPath[], example: string): ValidationProblem[] {
  if (typeof value !== "string" || !value.startsWith("/")) {
    return [{ argument, value, problem: "must be an absolute path", fix: `use a path like "${example}"` }];
  }
  const segments = value.split("/").slice(1);
  if (value !== "/" && segments.some((s) => s === "" || s === "." || s === "..")) {
    return [
      { argument, value, problem: "must be a normalised path (no '.', '..', '//' or trailing '/')", fix: `use a path like "${example}"` },
    ];
  }
  return reserved
    .filter((r) => isSameOrBelow(value, r.path) || isSameOrBelow(r.path, value))
    .map((r) => ({
      argument,
      value,
      problem: `collides with ${r.path}, where ${r.holds} is mounted`,
      fix: `use a path outside ${r.path}, like "${example}"`,
    }));
}
