/**
 * "Did you mean" hints for misspelt names: the closest known name by edit
 * distance. Bounded, since names and their number are the file's to choose.
 * @module
 */

/** Names longer than this get no suggestion: edit distance is quadratic in length, and names are the file's to choose. */
const MAX_SUGGEST_LENGTH = 64;

/**
 * The closest of `names` to `name`, if it is close enough to be a likely
 * typo, as ` (did you mean "x"?)`, else "". Names whose lengths differ by
 * more than the allowed distance are skipped without computing a distance,
 * and long names get no suggestion, so one call costs at most
 * O(|names| · 64²). With `budget`, the edit-distance cells computed are
 * subtracted from `budget.cells`, and no suggestion is made once it is spent
 * (many calls then cost O(budget) in all). Pure but for `budget`.
 */
export function suggest(name: string, names: Iterable<string>, budget?: { cells: number }): string {
  if (name.length > MAX_SUGGEST_LENGTH || (budget !== undefined && budget.cells <= 0)) return "";
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best = "";
  let bestD = Infinity;
  for (const n of names) {
    if (Math.abs(n.length - name.length) > allowed) continue;
    if (budget !== undefined) {
      if (budget.cells <= 0) return "";
      budget.cells -= (name.length + 1) * (n.length + 1);
    }
    const d = editDistance(name.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return bestD <= allowed ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
