/** Levenshtein distance, two-row dynamic programme. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// Case, `_` and `-` are ignored so `max_daily_loss` and `MAXDAILYLOSS` both find `maxDailyLoss`.
const normalize = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

/**
 * The candidate nearest to `input`, or `undefined` when none is close enough to be a plausible typo
 * (distance above a third of the input's length, at least 2).
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const target = normalize(input);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(target.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(target, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
