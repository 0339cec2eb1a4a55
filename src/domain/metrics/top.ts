// The first k of a list in an order, without sorting the whole list: a report lists the 20 items
// with the most disagreement out of 100,000, and a full sort with a string tie-break cost ~250 ms
// there. Keeps a sorted buffer of at most k; most elements cost one comparison with its last entry.

/** Exactly `[...xs].sort(compare).slice(0, k)` for a total order (ties broken by `compare` itself). */
export function topK<T>(xs: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const x of xs) {
    if (top.length === k && compare(x, top[k - 1]!) >= 0) continue;
    // Binary search for the first entry x goes before (after equal ones, as a stable sort would).
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(x, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, x);
    if (top.length > k) top.pop();
  }
  return top;
}
