import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file below `dir` (recursively, sorted) whose path `keep` accepts. */
export function listFiles(dir: string, keep: (path: string) => boolean = () => true): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return listFiles(path, keep);
      return keep(path) ? [path] : [];
    });
}
