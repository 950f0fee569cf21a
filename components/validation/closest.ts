// "Did you mean": the fixes of validation problems name the closest valid name when a reference looks like a typo.

/** Edit distance (Levenshtein) between two names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}

/**
 * The candidate closest to `name` when it is close enough to be a typo (at most 2 edits, or a quarter of the name's
 * length), else undefined; ties go to the alphabetically first.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const best = candidates
    .map((candidate) => ({ candidate, d: distance(name, candidate) }))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.candidate : undefined;
}
