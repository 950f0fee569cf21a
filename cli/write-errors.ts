import { PlanError } from "./errors";

/** What went wrong and the fix, for the file system errors a plan folder can meet. */
const CAUSES: Record<string, (path: string) => string> = {
  ENOTDIR: (path) => `a file is in the way on the path ${path}; fix: remove that file or pass another --out`,
  EEXIST: (path) => `a file is in the way at ${path}; fix: remove that file or pass another --out`,
  EISDIR: (path) => `a folder is in the way at ${path}; fix: remove that folder or pass another --out`,
  EROFS: (path) => `${path} is on a read-only file system; fix: pass --out with a writable folder`,
  EACCES: (path) => `permission denied on ${path}; fix: make the folder writable for this user, or pass another --out`,
  EPERM: (path) => `operation not permitted on ${path}; fix: make the folder writable for this user, or pass another --out`,
  ENOSPC: (path) => `no space left on the device of ${path}; fix: free some space, or pass --out on another disk`,
  EDQUOT: (path) => `the disk quota is used up for ${path}; fix: free some space, or pass --out on another disk`,
  EMFILE: (path) => `too many open files while writing ${path}; fix: raise the open-file limit (ulimit -n)`,
  ENAMETOOLONG: (path) => `the path ${path} is too long; fix: pass a shorter --out`,
};

/**
 * Turns a file system error met while writing the plan into a {@link PlanError} that says what failed, on which
 * path and the fix. Errors without a code are returned unchanged.
 */
export function planWriteError(error: unknown, what: string, fallbackPath: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!e || typeof e.code !== "string") return error;
  const path = e.path ?? fallbackPath;
  const cause = CAUSES[e.code]?.(path) ?? `${e.code} on ${path} (${e.message}); fix: check that --out is a writable folder`;
  return new PlanError(`cannot ${what}: ${cause}`);
}
